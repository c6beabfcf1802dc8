package io.datasurface.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasurface.auth.AdminToken.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {
    static final String TOKEN = "0123456789abcdef-admin";

    @TempDir
    Path tmp;

    @Test
    void onlyTheBearerTokenItselfIsAdmitted() {
        AdminToken token = AdminToken.of(Optional.of(TOKEN), Optional.empty());
        assertThat(token.check("Bearer " + TOKEN)).isEqualTo(Verdict.ADMITTED);
        assertThat(token.check("bearer " + TOKEN)).as("the scheme is case-insensitive").isEqualTo(Verdict.ADMITTED);
        assertThat(token.check(null)).isEqualTo(Verdict.MISSING);
        assertThat(token.check(TOKEN)).as("without the scheme").isEqualTo(Verdict.MISSING);
        assertThat(token.check("Basic " + TOKEN)).isEqualTo(Verdict.MISSING);
        assertThat(token.check("Bearer " + TOKEN.substring(1))).isEqualTo(Verdict.WRONG);
        assertThat(token.check("Bearer " + TOKEN + "x")).isEqualTo(Verdict.WRONG);
        assertThat(token.check("Bearer ")).isEqualTo(Verdict.WRONG);
        assertThat(token.admits("Bearer " + TOKEN)).isTrue();
    }

    @Test
    void withoutATokenNobodyIsAdmitted() {
        AdminToken none = AdminToken.of(Optional.empty(), Optional.empty());
        assertThat(none.configured()).isFalse();
        assertThat(none.check("Bearer " + TOKEN)).isEqualTo(Verdict.NONE_CONFIGURED);
        assertThat(none.check(null)).isEqualTo(Verdict.NONE_CONFIGURED);
    }

    @Test
    void aTokenFileIsReadWithoutItsNewline() throws Exception {
        Path file = Files.writeString(tmp.resolve("admin-token"), TOKEN + "\n");
        assertThat(AdminToken.of(Optional.empty(), Optional.of(file)).check("Bearer " + TOKEN)).isEqualTo(Verdict.ADMITTED);
    }

    @Test
    void badSettingsAreRefusedWithoutShowingTheToken() {
        Path file = tmp.resolve("admin-token");
        assertThatThrownBy(() -> AdminToken.of(Optional.of(TOKEN), Optional.of(file)))
                .hasMessageContaining("not both").hasMessageNotContaining(TOKEN);
        assertThatThrownBy(() -> AdminToken.of(Optional.empty(), Optional.of(file)))
                .hasMessageContaining("cannot read the admin token file " + file);
        assertThatThrownBy(() -> AdminToken.of(Optional.of("short-secret"), Optional.empty()))
                .hasMessageContaining("16 or more").hasMessageNotContaining("short-secret");
        assertThat(AdminToken.of(Optional.of(TOKEN), Optional.empty()).toString()).doesNotContain(TOKEN);
    }
}
