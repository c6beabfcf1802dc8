package io.datasurface.model.batch;

import io.datasurface.model.graph.ColumnSpec;
import io.datasurface.model.type.SqlType;
import io.datasurface.model.type.TypeKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * The rows of a {@code RowChunk}: a compact binary form of one dataset's rows, compressed with LZ4 (a 4-byte
 * length of the rows, then one LZ4 block; a tenth of deflate's cost to write and to read, for a little more size).
 * Chunks of the form before, deflated ({@link #DEFLATED}), are still read. Each row is an
 * operation byte ({@code U}: a snapshot row, insert or update; {@code D}: a delete), a bitmap of its
 * NULL columns, then each non-NULL value in column order, typed by the column (the Java types of
 * {@link BatchSink}). Values round-trip exactly, including PostgreSQL's infinite dates and timestamps
 * (the MAX and MIN of the Java types), numeric's NaN and infinities (a Double), a timestamptz's offset, and
 * the text forms of the kinds {@link TypeKind#carriedAsText() carried as text}.
 */
public final class RowCodec {
    /** The {@code codec} a RowChunk names for this form. */
    public static final String CODEC = "ds-rows-1+lz4";
    /** The form before: the same rows, deflated. */
    public static final String DEFLATED = "ds-rows-1+deflate";
    public static final byte UPSERT = 'U';
    public static final byte DELETE = 'D';

    /** The scale that marks a decimal as one of numeric's special values, written as a double. */
    private static final int SPECIAL_DECIMAL = Integer.MIN_VALUE;
    /** No chunk is written bigger than this before compression; a payload that says more is corrupt. */
    private static final int MAX_RAW_BYTES = 1 << 28;
    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();

    private final TypeKind[] kinds;

    public RowCodec(List<ColumnSpec> columns) {
        this.kinds = columns.stream().map(c -> SqlType.parse(c.type()).type().kind()).toArray(TypeKind[]::new);
    }

    /** A byte array output stream whose buffer is read in place. */
    private static final class Raw extends ByteArrayOutputStream {
        Raw() {
            super(1 << 16);
        }

        @Override
        public void write(int b) { // not synchronized: one thread writes an encoder
            ensure(count + 1);
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(count + len);
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        private void ensure(int size) {
            if (size > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(size, buf.length * 2));
            }
        }

        byte[] buffer() {
            return buf;
        }
    }

    /** Receives decoded rows. */
    @FunctionalInterface
    public interface RowHandler {
        void row(byte op, Object[] values);
    }

    /** Collects rows for one chunk. Not thread-safe. */
    public final class Encoder {
        private final Raw bytes = new Raw();
        private final DataOutputStream out = new DataOutputStream(bytes);
        private int rows;

        public void add(byte op, Object[] values) {
            if (values.length != kinds.length) {
                throw new IllegalArgumentException("a row of " + values.length + " values for " + kinds.length
                        + " columns");
            }
            try {
                out.writeByte(op);
                byte[] nulls = new byte[(kinds.length + 7) / 8];
                for (int i = 0; i < kinds.length; i++) {
                    if (values[i] == null) {
                        nulls[i / 8] |= (byte) (1 << (i % 8));
                    }
                }
                out.write(nulls);
                for (int i = 0; i < kinds.length; i++) {
                    if (values[i] != null) {
                        write(kinds[i], values[i]);
                    }
                }
                rows++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (ClassCastException e) {
                throw new IllegalArgumentException("a value does not have the Java type of its column: " + e.getMessage(),
                        e);
            }
        }

        public int rows() {
            return rows;
        }

        /** Bytes of rows added so far, before compression. */
        public int rawBytes() {
            return out.size();
        }

        /** The chunk's payload; the encoder cannot be used after. */
        public byte[] finish() {
            int raw = bytes.size();
            if (raw > MAX_RAW_BYTES) {
                throw new IllegalStateException("a chunk of " + raw + " bytes; chunks stay under " + MAX_RAW_BYTES);
            }
            LZ4Compressor lz4 = LZ4.fastCompressor();
            byte[] out = new byte[4 + lz4.maxCompressedLength(raw)];
            out[0] = (byte) (raw >>> 24);
            out[1] = (byte) (raw >>> 16);
            out[2] = (byte) (raw >>> 8);
            out[3] = (byte) raw;
            int n = lz4.compress(bytes.buffer(), 0, raw, out, 4, out.length - 4);
            return java.util.Arrays.copyOf(out, 4 + n);
        }

        private void write(TypeKind kind, Object v) throws IOException {
            switch (kind) {
                case BOOLEAN -> out.writeBoolean((Boolean) v);
                case SMALLINT -> out.writeShort((Short) v);
                case INTEGER -> out.writeInt((Integer) v);
                case BIGINT -> out.writeLong((Long) v);
                case REAL -> out.writeFloat((Float) v);
                case DOUBLE -> out.writeDouble((Double) v);
                case DECIMAL -> {
                    if (v instanceof Double special) { // numeric's NaN, Infinity or -Infinity
                        out.writeInt(SPECIAL_DECIMAL);
                        out.writeDouble(special);
                        return;
                    }
                    BigDecimal d = (BigDecimal) v;
                    out.writeInt(d.scale());
                    bytes(d.unscaledValue().toByteArray());
                }
                case DATE -> out.writeLong(((LocalDate) v).toEpochDay());
                case TIME -> out.writeLong(((LocalTime) v).toNanoOfDay());
                case TIMESTAMP -> localDateTime((LocalDateTime) v);
                case TIMESTAMPTZ -> {
                    OffsetDateTime t = (OffsetDateTime) v;
                    localDateTime(t.toLocalDateTime());
                    out.writeInt(t.getOffset().getTotalSeconds());
                }
                case UUID -> {
                    UUID u = (UUID) v;
                    out.writeLong(u.getMostSignificantBits());
                    out.writeLong(u.getLeastSignificantBits());
                }
                case BYTEA -> bytes((byte[]) v);
                default -> {
                    if (!kind.isStringValued()) {
                        throw new IllegalStateException("no encoding for " + kind);
                    }
                    bytes(((String) v).getBytes(StandardCharsets.UTF_8));
                }
            }
        }

        private void localDateTime(LocalDateTime t) throws IOException {
            out.writeLong(t.toEpochSecond(ZoneOffset.UTC));
            out.writeInt(t.getNano());
        }

        private void bytes(byte[] b) throws IOException {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    public Encoder encoder() {
        return new Encoder();
    }

    /**
     * Decodes a payload, row by row.
     *
     * @return the number of rows
     * @throws IllegalArgumentException when the payload is not rows of these columns (truncated or corrupt)
     */
    public int decode(byte[] payload, RowHandler handler) {
        return decode(CODEC, payload, handler);
    }

    /** Whether {@link #decode(String, byte[], RowHandler)} reads chunks of this codec. */
    public static boolean reads(String codec) {
        return CODEC.equals(codec) || DEFLATED.equals(codec);
    }

    /**
     * Decodes a payload of the given codec (see {@link #reads}), row by row.
     *
     * @return the number of rows
     * @throws IllegalArgumentException when the payload is not rows of these columns (truncated or corrupt)
     */
    public int decode(String codec, byte[] payload, RowHandler handler) {
        if (DEFLATED.equals(codec)) {
            Inflater inflater = new Inflater();
            try (InflaterInputStream in = new InflaterInputStream(new ByteArrayInputStream(payload), inflater, 1 << 16)) {
                return decode(ByteBuffer.wrap(in.readAllBytes()), handler);
            } catch (IOException e) {
                throw new IllegalArgumentException("the rows cannot be read: " + e.getMessage(), e);
            } finally {
                inflater.end();
            }
        }
        if (!CODEC.equals(codec)) {
            throw new IllegalArgumentException("rows encoded as " + codec + ", which this release does not read");
        }
        if (payload.length < 4) {
            throw new IllegalArgumentException("the rows are cut short: " + payload.length + " bytes");
        }
        int raw = (payload[0] & 0xff) << 24 | (payload[1] & 0xff) << 16 | (payload[2] & 0xff) << 8 | payload[3] & 0xff;
        if (raw < 0 || raw > MAX_RAW_BYTES) {
            throw new IllegalArgumentException("the rows say they are " + raw + " bytes; they are corrupt");
        }
        byte[] rows = new byte[raw];
        try {
            LZ4SafeDecompressor lz4 = LZ4.safeDecompressor();
            if (lz4.decompress(payload, 4, payload.length - 4, rows, 0) != raw) {
                throw new IllegalArgumentException("the rows are cut short or corrupt");
            }
        } catch (LZ4Exception e) {
            throw new IllegalArgumentException("the rows are corrupt: " + e.getMessage(), e);
        }
        return decode(ByteBuffer.wrap(rows), handler);
    }

    private int decode(ByteBuffer in, RowHandler handler) {
        int rows = 0;
        try {
            byte[] nulls = new byte[(kinds.length + 7) / 8];
            while (in.hasRemaining()) {
                byte op = in.get();
                if (op != UPSERT && op != DELETE) {
                    throw new IllegalArgumentException("row " + rows + " has operation " + op + ", not U or D");
                }
                in.get(nulls);
                Object[] values = new Object[kinds.length];
                for (int i = 0; i < kinds.length; i++) {
                    if ((nulls[i / 8] & (1 << (i % 8))) == 0) {
                        values[i] = read(in, kinds[i]);
                    }
                }
                handler.row(op, values);
                rows++;
            }
            return rows;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("the rows end in the middle of row " + rows, e);
        }
    }

    private static Object read(ByteBuffer in, TypeKind kind) {
        return switch (kind) {
            case BOOLEAN -> in.get() != 0;
            case SMALLINT -> in.getShort();
            case INTEGER -> in.getInt();
            case BIGINT -> in.getLong();
            case REAL -> in.getFloat();
            case DOUBLE -> in.getDouble();
            case DECIMAL -> {
                int scale = in.getInt();
                yield scale == SPECIAL_DECIMAL ? (Object) in.getDouble() : new BigDecimal(new BigInteger(bytes(in)), scale);
            }
            case CHAR, VARCHAR, TEXT, JSON, JSONB, INTERVAL, INET, CIDR, MACADDR, MACADDR8, TIMETZ, BIT, VARBIT, XML,
                    ARRAY, ENUM -> text(in);
            case DATE -> LocalDate.ofEpochDay(in.getLong());
            case TIME -> LocalTime.ofNanoOfDay(in.getLong());
            case TIMESTAMP -> LocalDateTime.ofEpochSecond(in.getLong(), in.getInt(), ZoneOffset.UTC);
            case TIMESTAMPTZ -> {
                LocalDateTime local = LocalDateTime.ofEpochSecond(in.getLong(), in.getInt(), ZoneOffset.UTC);
                yield OffsetDateTime.of(local, ZoneOffset.ofTotalSeconds(in.getInt()));
            }
            case UUID -> new UUID(in.getLong(), in.getLong());
            case BYTEA -> bytes(in);
        };
    }

    private static int length(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new IllegalArgumentException("a value claims " + n + " bytes, but " + in.remaining() + " are left");
        }
        return n;
    }

    private static byte[] bytes(ByteBuffer in) {
        byte[] b = new byte[length(in)];
        in.get(b);
        return b;
    }

    private static String text(ByteBuffer in) {
        int n = length(in);
        String s = new String(in.array(), in.arrayOffset() + in.position(), n, StandardCharsets.UTF_8);
        in.position(in.position() + n);
        return s;
    }
}
