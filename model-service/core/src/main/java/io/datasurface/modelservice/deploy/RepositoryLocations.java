package io.datasurface.modelservice.deploy;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where the service may fetch a model from. A push names its repository ({@code full_name}) and, through the
 * URL it gives, its git host; the URL fetched is the configured clone URL base of that host plus the name, never
 * a URL from the body. {@code POST /deployments} may name a repository URL under a configured base, and a
 * folder or {@code file:} URL on the server only when local repositories are allowed. Bases are {@code https://}
 * (or {@code file:} when local repositories are allowed) and carry no credentials.
 */
public final class RepositoryLocations {
    /** The git host every service knows, unless configured otherwise. */
    public static final String GITHUB = "github.com";
    private static final String GITHUB_BASE = "https://github.com/";
    private static final String HOSTS_KEY = "datasurface.model-service.git-hosts";
    private static final String LOCAL_KEY = "datasurface.model-service.allow-local-repositories";
    /** One segment of a repository's path: owner, group or name. */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

    private final Map<String, String> bases = new TreeMap<>();
    private final boolean allowLocal;

    /**
     * @param gitHosts   host (as a push's URL names it, e.g. {@code github.com}) → clone URL base
     *                   ({@code https://github.com/}); {@code github.com} is added when not given
     * @param allowLocal whether folders and {@code file:} URLs on the server may be deployed
     * @throws IllegalArgumentException naming the setting when a base is not acceptable
     */
    public RepositoryLocations(Map<String, String> gitHosts, boolean allowLocal) {
        this.allowLocal = allowLocal;
        bases.put(GITHUB, GITHUB_BASE);
        gitHosts.forEach((host, base) -> bases.put(host.toLowerCase(Locale.ROOT), checkedBase(host, base)));
    }

    private String checkedBase(String host, String base) {
        String key = HOSTS_KEY + ".\"" + host + "\"";
        URI uri;
        try {
            uri = new URI(base.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(key + " is not a URL: " + e.getReason());
        }
        boolean file = "file".equalsIgnoreCase(uri.getScheme());
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !(file && allowLocal)) {
            throw new IllegalArgumentException(key + " must be an https:// URL" + (file
                    ? " (a file: URL needs " + LOCAL_KEY + "=true)" : ""));
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(key + " must not carry credentials, a query or a fragment; give the "
                    + "token in datasurface.model-service.git-token");
        }
        if (!file && (uri.getHost() == null || uri.getHost().isEmpty())) {
            throw new IllegalArgumentException(key + " names no host");
        }
        String s = uri.toString();
        return s.endsWith("/") ? s : s + "/";
    }

    public boolean allowsLocal() {
        return allowLocal;
    }

    /** The configured hosts and their bases, for the log at start. */
    public Map<String, String> bases() {
        return Map.copyOf(bases);
    }

    /**
     * The URL to fetch a pushed repository from.
     *
     * @param pushedUrl the URL the push gives for the repository; only its host is used
     * @param fullName  the repository's name at that host, {@code owner/name} (GitLab: {@code group/…/name})
     * @throws IllegalArgumentException saying what is wrong, when the host is not configured or the name is not
     *                                  a repository name
     */
    public String cloneUrl(String pushedUrl, String fullName) {
        String host = hostOf(pushedUrl);
        String base = bases.get(host);
        if (base == null) {
            throw new IllegalArgumentException("the push comes from git host '" + host + "', which is not one of the "
                    + "configured git hosts " + bases.keySet() + "; add it as " + HOSTS_KEY + ".\"" + host
                    + "\"=https://" + host + "/");
        }
        return base + checkedName(fullName, "repository") + ".git";
    }

    /**
     * A repository URL a deployment request names: under a configured base, or any {@code file:} URL when local
     * repositories are allowed.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public String checkedRepoUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("repoUrl is not a URL: " + e.getReason());
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("repoUrl must not carry credentials (user:password@); the service "
                    + "sends its configured git token to the host it belongs to");
        }
        if ("file".equalsIgnoreCase(uri.getScheme())) {
            if (!allowLocal) {
                throw localRefused("file: URLs");
            }
            return url;
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("repoUrl must be an https:// URL under one of the configured git hosts "
                    + bases.values() + " (" + HOSTS_KEY + ")");
        }
        for (String base : bases.values()) {
            if (url.startsWith(base)) {
                String rest = url.substring(base.length());
                checkedName(rest.endsWith(".git") ? rest.substring(0, rest.length() - 4) : rest, "repoUrl's path");
                return url;
            }
        }
        throw new IllegalArgumentException("repoUrl " + url + " is not under one of the configured git hosts "
                + bases.values() + "; add its host to " + HOSTS_KEY);
    }

    /**
     * A folder on the server that a deployment request names.
     *
     * @throws IllegalArgumentException when local repositories are not allowed
     */
    public Path checkedLocalPath(String path) {
        if (!allowLocal) {
            throw localRefused("folders on the server");
        }
        return Path.of(path);
    }

    private static IllegalArgumentException localRefused(String what) {
        return new IllegalArgumentException(what + " are not accepted: deploy from a git repository (repoUrl), or "
                + "set " + LOCAL_KEY + "=true on a service only trusted users can reach");
    }

    /** {@code owner/name}: segments of letters, digits, {@code . _ -}; none of them {@code .} or {@code ..}. */
    static String checkedName(String name, String what) {
        String[] segments = name.split("/", -1);
        boolean ok = segments.length >= 2;
        for (String s : segments) {
            ok &= SEGMENT.matcher(s).matches() && !s.equals(".") && !s.equals("..");
        }
        if (!ok) {
            throw new IllegalArgumentException(what + " '" + name + "' is not a repository name such as owner/name "
                    + "(letters, digits, '.', '_' and '-' between slashes)");
        }
        return name;
    }

    /** The lower-case host (with its port, when it names one) of a URL, or what it is if it is no URL with a host. */
    private static String hostOf(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("the push's repository URL '" + url + "' names no host; pushes are "
                        + "fetched only from the configured git hosts (" + HOSTS_KEY + ")");
            }
            String host = uri.getHost().toLowerCase(Locale.ROOT);
            return uri.getPort() < 0 ? host : host + ":" + uri.getPort();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the push's repository URL is not a URL (" + e.getReason() + "); "
                    + "pushes are fetched only from the configured git hosts (" + HOSTS_KEY + ")");
        }
    }
}
