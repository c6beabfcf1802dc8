package io.datasurface.merge.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasurface.model.fault.DatasurfaceException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

class FaultsTest {

    @Test
    void aDuplicateKeyInADirectLoadIsNamedWithItsValuesAndWithoutThemForHealth() {
        PSQLException duplicate = new PSQLException(new ServerErrorMessage("SERROR\0C23505\0Mduplicate key value violates "
                + "unique constraint \"crm_orders_merge_pkey\"\0DKey (id, code, ds_surf_batch_in)=(7, Hunter2x, 2) already "
                + "exists.\0tcrm_orders_merge\0"));
        DatasurfaceException e = Faults.ofDirectLoad(duplicate, Map.of("crm_orders_merge", "orders"));
        assertThat(e.getMessage()).isEqualTo("dataset 'orders': the snapshot holds key (id, code)=(7, Hunter2x) more "
                + "than once; the source's key is not unique, so the batch was not committed");
        assertThat(e.messageWithoutData()).isEqualTo("dataset 'orders': the snapshot holds a key (id, code) more than "
                + "once; the source's key is not unique, so the batch was not committed");
    }

    @Test
    void aValueTheServerQuotesIsNotInTheMessageWithoutData() {
        PSQLException invalid = new PSQLException(new ServerErrorMessage("SERROR\0C22007\0Minvalid input syntax for type "
                + "date: \"Hunter2x\"\0"));
        DatasurfaceException e = Faults.of("writing rows to staging", invalid);
        assertThat(e.getMessage()).contains("Hunter2x");
        assertThat(e.messageWithoutData()).isEqualTo("writing rows to staging failed: invalid input syntax for type "
                + "date: \"…\"");
    }
}
