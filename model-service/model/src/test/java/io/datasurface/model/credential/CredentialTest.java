package io.datasurface.model.credential;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CredentialTest {
    @Test
    void aPasswordOfFourOrMoreCharactersIsHiddenInTextAndAShorterOneLeavesTheTextAlone() {
        assertThat(new Credential("u", "s3cret").hiddenIn("login s3cret refused (s3cret)"))
                .isEqualTo("login **** refused (****)");
        assertThat(new Credential("u", "abc").hiddenIn("abcdef")).isEqualTo("abcdef");
        assertThat(new Credential("u", null).hiddenIn("text")).isEqualTo("text");
        assertThat(new Credential("u", "s3cret").toString()).doesNotContain("s3cret");
    }
}
