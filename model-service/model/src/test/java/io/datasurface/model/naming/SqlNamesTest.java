package io.datasurface.model.naming;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlNamesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"customers, customers", "Customer-Data, customer_data", "A-B-C, a_b_c", "already_sql, already_sql",
            "MiXeD_Case-9, mixed_case_9"})
    void sqlNameIsLowercaseWithUnderscores(String name, String sql) {
        assertThat(SqlNames.sqlName(name)).isEqualTo(sql);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"a", "customers", "Customer-Data", "x1_y-2", "A"})
    void identifiers(String name) {
        assertThat(SqlNames.isIdentifier(name)).isTrue();
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "1a", "_a", "-a", "a b", "a.b", "a/b", "prénom", "a$"})
    void notIdentifiers(String name) {
        assertThat(SqlNames.isIdentifier(name)).isFalse();
    }

    @Test
    void nullIsNotAnIdentifier() {
        assertThat(SqlNames.isIdentifier(null)).isFalse();
    }

    @Test
    void namesUpTo63CharactersAreUnchanged() {
        for (int n : new int[] {1, 10, 62, 63}) {
            String name = "x".repeat(n);
            assertThat(SqlNames.shorten(name)).isSameAs(name);
        }
    }

    @Test
    void longerNamesBecomeExactly63Characters() {
        for (int n : new int[] {64, 65, 100, 1000}) {
            String name = "y".repeat(n);
            String shortened = SqlNames.shorten(name);
            assertThat(shortened).hasSize(63).startsWith("y".repeat(54) + "_").matches("y{54}_[0-9a-f]{8}");
        }
    }

    @Test
    void shorteningIsDeterministic() {
        String name = "yellow_forensic_analytics_audit_a_rather_long_dataset_name_view_history";
        assertThat(SqlNames.shorten(name)).isEqualTo(SqlNames.shorten(new String(name.toCharArray())));
        // the hash is the first 8 hex digits of SHA-256 of the full name, so it is stable across runs and JVMs
        assertThat(SqlNames.shorten(name)).isEqualTo(name.substring(0, 54) + "_" + SqlNames.sha256Hex(name).substring(0, 8));
        assertThat(SqlNames.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void differentLongNamesGiveDifferentResults() {
        String prefix = "p".repeat(60);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertThat(seen.add(SqlNames.shorten(prefix + i))).as("shortened %s", prefix + i).isTrue();
        }
    }

    @Test
    void tableAndViewNames() {
        assertThat(SqlNames.schema("Yellow-Live")).isEqualTo("yellow_live");
        assertThat(SqlNames.mergeTable("customers", "addresses")).isEqualTo("customers_addresses_merge");
        assertThat(SqlNames.stagingTable("Crm-Db", "Addresses")).isEqualTo("crm_db_addresses_staging");
        assertThat(SqlNames.view("yellow_live", "analytics", "live", "customers"))
                .isEqualTo("yellow_live_analytics_live_customers_view");
        assertThat(SqlNames.historyView("yellow_forensic", "analytics", "audit", "addresses"))
                .isEqualTo("yellow_forensic_analytics_audit_addresses_view_history");
        assertThat(SqlNames.readerRole("Yellow-Live", "analytics")).isEqualTo("yellow_live_analytics_reader");
    }

    @Test
    void longViewNamesAreShortenedAsAWhole() {
        String dataset = "customer_relationship_management_events";
        String view = SqlNames.view("yellow_forensic", "analytics", "audit", dataset);
        String history = SqlNames.historyView("yellow_forensic", "analytics", "audit", dataset);
        assertThat(view).hasSize(63).isNotEqualTo(history);
        assertThat(history).hasSize(63);
        assertThat(view.substring(0, 54)).isEqualTo(history.substring(0, 54));
    }
}
