package io.datasurface.executions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasurface.model.fault.DatasurfaceException;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdsTest {
    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1-1-1-1-1", "3f2b8c1e-0b7a-4c55-9a41-2d4f6e8a9b1", "{3f2b8c1e-0b7a-4c55-9a41-2d4f6e8a9b10}"})
    void onlyGuidsAreIds(String text) {
        assertThatThrownBy(() -> Ids.parse(text, "step id"))
                .isInstanceOf(DatasurfaceException.class)
                .hasMessage("'" + text + "' is not a valid step id; expected a GUID such as "
                        + "3f2b8c1e-0b7a-4c55-9a41-2d4f6e8a9b10");
    }

    @ParameterizedTest
    @ValueSource(strings = {"3f2b8c1e-0b7a-4c55-9a41-2d4f6e8a9b10", "3F2B8C1E-0B7A-4C55-9A41-2D4F6E8A9B10"})
    void guidsInEitherCase(String text) {
        assertThat(Ids.parse(text, "id")).isEqualTo(UUID.fromString("3f2b8c1e-0b7a-4c55-9a41-2d4f6e8a9b10"));
    }
}
