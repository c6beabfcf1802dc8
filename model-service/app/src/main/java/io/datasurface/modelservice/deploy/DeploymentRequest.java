package io.datasurface.modelservice.deploy;

/**
 * What to deploy: a commit of a git repository ({@code gitUrl}), or the model in a local folder
 * ({@code localPath}, whose "commit" is a digest of its files). {@code sourceRepo} is the repo the
 * change comes from, as the model spells repos; null lets the model's own ecosystem repo stand for it.
 */
public record DeploymentRequest(String commit, String sourceRepo, String gitUrl, String localPath) {
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
        return gitUrl != null ? gitUrl.replaceAll("//[^/@]*@", "//****@") + "#" + commit : localPath;
    }
}
