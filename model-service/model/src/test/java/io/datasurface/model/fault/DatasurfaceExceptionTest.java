package io.datasurface.model.fault;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatasurfaceExceptionTest {

    @Test
    void aFaultQuotingDataHasAMessageWithoutIt() {
        DatasurfaceException e = new DatasurfaceException("the snapshot holds key (id)=(Hunter2x) more than once",
                "the snapshot holds a key (id) more than once", false, null);
        assertThat(e.getMessage()).contains("Hunter2x");
        assertThat(e.messageWithoutData()).isEqualTo("the snapshot holds a key (id) more than once");
        assertThat(DatasurfaceException.describeWithoutData(e)).isEqualTo(e.messageWithoutData());
    }

    @Test
    void aFaultQuotingNoDataHasOneMessage() {
        DatasurfaceException e = new DatasurfaceException("merge table t was made for another stream", false);
        assertThat(e.messageWithoutData()).isEqualTo(e.getMessage());
    }

    @Test
    void anyOtherFaultIsDescribedByItsKindOnly() {
        RuntimeException driver = new IllegalStateException("Batch entry 0 INSERT INTO t VALUES ('Hunter2x') was aborted");
        assertThat(DatasurfaceException.describeWithoutData(driver)).doesNotContain("Hunter2x")
                .startsWith("unexpected IllegalStateException");
    }
}
