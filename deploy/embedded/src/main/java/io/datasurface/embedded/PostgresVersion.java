package io.datasurface.embedded;

/** PostgreSQL major versions that {@link EmbeddedPostgresServer} can run. */
public enum PostgresVersion {
    /** PostgreSQL 15, binaries read from the local Maven repository. */
    V15(15),
    /** PostgreSQL 16, binaries read from the local Maven repository. */
    V16(16),
    /** PostgreSQL 17, the default, binaries from the classpath. */
    V17(17);

    /** The version used when none is chosen. */
    public static final PostgresVersion DEFAULT = V17;

    private final int major;

    PostgresVersion(int major) {
        this.major = major;
    }

    /** @return the major version number, e.g. 17 */
    public int major() {
        return major;
    }

    /** The major version number, e.g. {@code 17}: how a test run per version names it ("PostgreSQL 17"). */
    @Override
    public String toString() {
        return Integer.toString(major);
    }

    /**
     * @param major a major version number such as 16
     * @return the matching constant
     * @throws IllegalArgumentException if that version is not supported
     */
    public static PostgresVersion ofMajor(int major) {
        for (PostgresVersion v : values()) {
            if (v.major == major) {
                return v;
            }
        }
        throw new IllegalArgumentException("PostgreSQL " + major + " is not supported; choose 15, 16 or 17");
    }
}
