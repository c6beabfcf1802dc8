package io.datasurface.merge.app;

import io.datasurface.embedded.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

/**
 * A broker of its own with a TLS listener that logs clients in with SASL/SCRAM-SHA-512, as production clusters
 * do: a self-signed certificate for 127.0.0.1 made with the JDK's keytool, a trust store holding it, and one
 * SCRAM user. {@link #clientProperties} is what a service is given in its client properties file.
 */
final class SecureKafka implements AutoCloseable {
    static final String LISTENER = "SECURE";
    static final String USER = "merge-service";

    final EmbeddedKafka broker;
    final Path truststore;
    final String truststorePassword;
    final String password;

    private SecureKafka(EmbeddedKafka broker, Path truststore, String truststorePassword, String password) {
        this.broker = broker;
        this.truststore = truststore;
        this.truststorePassword = truststorePassword;
        this.password = password;
    }

    static SecureKafka start(Path dir, String password) throws Exception {
        String storePassword = "store-" + Long.toHexString(System.nanoTime());
        Path keystore = dir.resolve("broker.p12");
        Path cert = dir.resolve("broker.crt");
        Path truststore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=IP:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", storePassword, "-keypass", storePassword);
        keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", keystore.toString(), "-storepass", storePassword,
                "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", truststore.toString(), "-storepass", storePassword);
        String prefix = "listener.name." + LISTENER.toLowerCase() + ".";
        EmbeddedKafka broker = EmbeddedKafka.builder().listener(LISTENER, "SASL_SSL")
                .brokerProperty("sasl.enabled.mechanisms", "SCRAM-SHA-512")
                .brokerProperty(prefix + "sasl.enabled.mechanisms", "SCRAM-SHA-512")
                .brokerProperty(prefix + "scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                .brokerProperty(prefix + "ssl.keystore.location", keystore.toString())
                .brokerProperty(prefix + "ssl.keystore.password", storePassword)
                .brokerProperty(prefix + "ssl.keystore.type", "PKCS12")
                .brokerProperty(prefix + "ssl.key.password", storePassword)
                .start();
        try {
            broker.admin().alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(USER,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            broker.close();
            throw e;
        }
        return new SecureKafka(broker, truststore, storePassword, password);
    }

    String bootstrapServers() {
        return broker.bootstrapServers(LISTENER);
    }

    /** The Kafka client settings of a service that logs in as {@link #USER} with this password. */
    Map<String, String> clientProperties(String loginPassword) {
        return Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + USER + "\" password=\"" + loginPassword + "\";",
                "ssl.truststore.location", truststore.toString(), "ssl.truststore.password", truststorePassword,
                "ssl.truststore.type", "PKCS12");
    }

    /** Writes {@link #clientProperties} to a file readable by its owner only. */
    Path clientPropertiesFile(Path dir, String loginPassword) throws IOException {
        Path file = dir.resolve("kafka-client.properties");
        StringBuilder text = new StringBuilder();
        // a properties file escapes backslashes
        clientProperties(loginPassword).forEach((k, v) -> text.append(k).append('=').append(v.replace("\\", "\\\\"))
                .append('\n'));
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new UncheckedIOException(new IOException("keytool " + args[0] + " failed: " + out));
        }
    }

    @Override
    public void close() {
        broker.close();
    }
}
