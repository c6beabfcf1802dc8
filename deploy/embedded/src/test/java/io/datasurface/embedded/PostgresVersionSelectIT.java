package io.datasurface.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
@PostgresVersionSelect(PostgresVersion.V15)
class PostgresVersionSelectIT {

    @PostgresVersionSelect(PostgresVersion.V16)
    EmbeddedPostgresServer annotatedField;

    @Test
    void classAnnotationChoosesTheVersion(EmbeddedPostgresServer pg) {
        assertThat(pg.version()).isEqualTo(PostgresVersion.V15);
        assertThat(pg).isSameAs(PostgresExtension.server(PostgresVersion.V15));
    }

    @Test
    @PostgresVersionSelect(PostgresVersion.V16)
    void methodAnnotationWinsOverTheClass(EmbeddedPostgresServer pg) {
        assertThat(pg.version()).isEqualTo(PostgresVersion.V16);
    }

    @Test
    void parameterAnnotationWinsOverTheMethod(@PostgresVersionSelect(PostgresVersion.V17) EmbeddedPostgresServer pg17,
                                              EmbeddedPostgresServer pg15) {
        assertThat(pg17.version()).isEqualTo(PostgresVersion.V17);
        assertThat(pg15.version()).isEqualTo(PostgresVersion.V15);
        assertThat(pg17.port()).isNotEqualTo(pg15.port());
    }

    @Test
    void fieldAnnotationChoosesTheVersion() {
        assertThat(annotatedField.version()).isEqualTo(PostgresVersion.V16);
    }

    @Nested
    class NestedClass {
        @Test
        void enclosingClassAnnotationApplies(EmbeddedPostgresServer pg) {
            assertThat(pg.version()).isEqualTo(PostgresVersion.V15);
        }
    }
}
