package io.datasurface.model.naming;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How model names become SQL identifiers: lowercased, {@code -} mapped to {@code _}, and names longer
 * than PostgreSQL's 63 bytes shortened deterministically to a 54-character prefix, {@code _} and the
 * first 8 hex digits of the SHA-256 of the full name.
 */
public final class SqlNames {
    /** What a model name may look like. */
    public static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
    /** PostgreSQL's identifier limit (NAMEDATALEN - 1). */
    public static final int MAX_IDENTIFIER = 63;
    /** Prefix of the synthetic columns the merge store adds; model columns may not use it. */
    public static final String RESERVED_PREFIX = "ds_surf_";

    private static final int HASH_CHARS = 8;
    private static final int PREFIX_CHARS = MAX_IDENTIFIER - HASH_CHARS - 1;

    private SqlNames() {
    }

    public static boolean isIdentifier(String name) {
        return name != null && IDENTIFIER.matcher(name).matches();
    }

    /** {@code Customer-Data} → {@code customer_data}. */
    public static String sqlName(String name) {
        return name.toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /** The name itself when it fits in 63 characters, else prefix + {@code _} + short hash. */
    public static String shorten(String name) {
        if (name.length() <= MAX_IDENTIFIER) {
            return name;
        }
        return name.substring(0, PREFIX_CHARS) + "_" + sha256Hex(name).substring(0, HASH_CHARS);
    }

    /** Schema of a platform in the merge store, e.g. {@code yellow_live}. */
    public static String schema(String platform) {
        return shorten(sqlName(platform));
    }

    /** {@code {store}_{dataset}_merge}. */
    public static String mergeTable(String store, String dataset) {
        return shorten(sqlName(store) + "_" + sqlName(dataset) + "_merge");
    }

    /** {@code {store}_{dataset}_staging}. */
    public static String stagingTable(String store, String dataset) {
        return shorten(sqlName(store) + "_" + sqlName(dataset) + "_staging");
    }

    /** {@code {platform}_{workspace}_{dsg}_{dataset}_view}. */
    public static String view(String platform, String workspace, String dsg, String dataset) {
        return shorten(viewBase(platform, workspace, dsg, dataset) + "_view");
    }

    /** {@code {platform}_{workspace}_{dsg}_{dataset}_view_history}, for forensic platforms. */
    public static String historyView(String platform, String workspace, String dsg, String dataset) {
        return shorten(viewBase(platform, workspace, dsg, dataset) + "_view_history");
    }

    /**
     * {@code {platform}_{workspace}_reader}: the role that may read a workspace's views on a platform.
     * Roles belong to the whole PostgreSQL server, not to a schema, so two platforms' roles can meet.
     */
    public static String readerRole(String platform, String workspace) {
        return shorten(sqlName(platform) + "_" + sqlName(workspace) + "_reader");
    }

    private static String viewBase(String platform, String workspace, String dsg, String dataset) {
        return sqlName(platform) + "_" + sqlName(workspace) + "_" + sqlName(dsg) + "_" + sqlName(dataset);
    }

    static String sha256Hex(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
