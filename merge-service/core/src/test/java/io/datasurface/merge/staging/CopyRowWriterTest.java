package io.datasurface.merge.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasurface.model.fault.DatasurfaceException;
import io.datasurface.model.type.TypeKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CopyRowWriterTest {
    private final CopyRowWriter writer = new CopyRowWriter(List.of(TypeKind.INTEGER, TypeKind.TEXT, TypeKind.BYTEA));

    private String written() {
        return new String(writer.buffer(), StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("COPY text: tab, newline, CR and backslash escaped; NULL as \\N; the text \\N stays text")
    void escapes() {
        writer.row(new Object[] {1, "a\tb\nc\r\\d", new byte[] {0, 1}}, "U", 0, 42L);
        writer.row(new Object[] {2, "\\N", null}, "U", 1, -7L);
        writer.row(new Object[] {3, null, null}, "D", 2, null);
        assertThat(written()).isEqualTo("1\ta\\tb\\nc\\r\\\\d\t\\\\x0001\tU\t0\t42\n"
                + "2\t\\\\N\t\\N\tU\t1\t-7\n"
                + "3\t\\N\t\\N\tD\t2\t\\N\n");
        assertThat(writer.size()).isEqualTo(writer.buffer().length);
        writer.reset();
        assertThat(writer.size()).isZero();
    }

    @Test
    @DisplayName("unicode is written as UTF-8")
    void unicode() {
        writer.row(new Object[] {1, "Zürich ✓ 東京 😀", null}, "U", 0, 1L);
        assertThat(written()).isEqualTo("1\tZürich ✓ 東京 😀\t\\N\tU\t0\t1\n");
    }

    @Test
    @DisplayName("a NUL character, which PostgreSQL text cannot hold: non-retriable fault")
    void nulRejected() {
        assertThatThrownBy(() -> writer.row(new Object[] {1, "a\0b", null}, "U", 0, 1L))
                .isInstanceOf(DatasurfaceException.class).hasMessageContaining("NUL");
    }
}
