package io.datasurface.embedded;

/**
 * Prints how long the embedded broker and each PostgreSQL version take to start in a fresh JVM.
 * A program, not a test: {@code java -cp <test classpath> io.datasurface.embedded.StartupTimes}.
 */
final class StartupTimes {

    private StartupTimes() {
    }

    public static void main(String[] args) {
        for (int round = 1; round <= 2; round++) {
            try (EmbeddedKafka kafka = EmbeddedKafka.builder().start()) {
                System.out.printf("round %d: Kafka 4.2.1 broker ready in %d ms%n", round, kafka.startupTime().toMillis());
            }
            for (PostgresVersion version : PostgresVersion.values()) {
                try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.builder().version(version).start()) {
                    System.out.printf("round %d: PostgreSQL %d ready in %d ms%n", round, version.major(),
                            pg.startupTime().toMillis());
                }
            }
        }
    }
}
