package io.datasurface.modelservice.deploy;

/**
 * What to deploy: a commit of a git repository ({@code gitUrl}), or the model in a local folder
 * ({@code localPath}, whose "commit" is a digest of its files). {@code sourceRepo} is the repo the
 * change comes from, as the model spells repos; null lets the model's own ecosystem repo stand for it.
 * {@code allowRollback}, an operator's decision, deploys the model even when its commit does not build on
 * the deployed commit, and even when it was deployed or rejected before.
 */
public record DeploymentRequest(String commit, String sourceRepo, String gitUrl, String localPath,
                                boolean allowRollback) {
    private static final java.util.regex.Pattern USER_INFO = java.util.regex.Pattern.compile(
            "([A-Za-z][A-Za-z0-9+.-]*://)[^\\s/?#]*@");

    public DeploymentRequest(String commit, String sourceRepo, String gitUrl, String localPath) {
        this(commit, sourceRepo, gitUrl, localPath, false);
    }

    public DeploymentRequest {
        if ((gitUrl == null) == (localPath == null)) {
            throw new IllegalArgumentException("a deployment needs a git URL or a local path, not both");
        }
        if (gitUrl != null && (commit == null || commit.isBlank())) {
            throw new IllegalArgumentException("a deployment from git needs a commit or branch");
        }
    }

    /** Where it comes from, for the log: the URL without credentials, or the folder. */
    public String source() {
        return gitUrl != null ? withoutCredentials(gitUrl) + "#" + commit : localPath;
    }

    /** Every URL in a text without the credentials it carries ({@code scheme://user:pw@} → {@code scheme://****@}). */
    public static String withoutCredentialsIn(String text) {
        return text == null ? null : USER_INFO.matcher(text).replaceAll("$1****@");
    }

    /** {@code https://user:pw@host/x} → {@code https://****@host/x}, also when the password holds {@code @}. */
    static String withoutCredentials(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return url;
        }
        int pathStart = url.indexOf('/', scheme + 3);
        String authority = pathStart < 0 ? url.substring(scheme + 3) : url.substring(scheme + 3, pathStart);
        int at = authority.lastIndexOf('@');
        if (at < 0) {
            return url;
        }
        return url.substring(0, scheme + 3) + "****@" + authority.substring(at + 1)
                + (pathStart < 0 ? "" : url.substring(pathStart));
    }
}
