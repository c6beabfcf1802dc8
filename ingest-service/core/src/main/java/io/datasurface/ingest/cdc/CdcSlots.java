package io.datasurface.ingest.cdc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The replication slot and publication of a CDC stream, both named after the stream: {@code ds_} and the
 * stream key in lower case with other characters as {@code _}, shortened with a hash of the key so that
 * the name stays within PostgreSQL's 63 characters and unique.
 */
public final class CdcSlots {
    private static final int MAX = 63;

    private CdcSlots() {
    }

    public static String slotName(String streamKey) {
        String plain = "ds_" + streamKey.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        String hash = hash(streamKey);
        String base = plain.length() > MAX - 9 ? plain.substring(0, MAX - 9) : plain;
        return base + "_" + hash;
    }

    /**
     * The LSN up to which the slot was told changes are processed (its {@code confirmed_flush_lsn}), as a
     * number; null when there is no such slot (or it has no position yet).
     */
    static Long confirmedFlush(Connection c, String slot) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT confirmed_flush_lsn - '0/0'::pg_lsn FROM pg_replication_slots"
                + " WHERE slot_name = ?")) {
            s.setString(1, slot);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                java.math.BigDecimal lsn = rs.getBigDecimal(1);
                return lsn == null ? null : lsn.longValueExact();
            }
        }
    }

    /** Drops the slot (when no one uses it) and the publication of the same name, when they exist. */
    public static void drop(Connection c, String slot) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ?")) {
                s.setString(1, slot);
                s.execute();
            }
            try (Statement s = c.createStatement()) {
                s.execute("DROP PUBLICATION IF EXISTS \"" + slot + "\"");
            }
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private static String hash(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
