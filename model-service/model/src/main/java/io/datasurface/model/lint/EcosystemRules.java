package io.datasurface.model.lint;

import io.datasurface.model.ContainerDef;
import io.datasurface.model.Model;
import io.datasurface.model.PlatformDef;
import io.datasurface.model.problem.Problems;
import io.datasurface.model.problem.Suggest;

/** Containers are sound ({@link ContainerRules}); platforms are of a known kind and point at a PostgreSQL merge store. */
final class EcosystemRules {
    private EcosystemRules() {
    }

    static void check(Model m, Problems p) {
        m.ecosystem().ifPresent(eco -> {
            eco.containers().forEach(c -> ContainerRules.check(c, "container '" + c.name() + "'", p));
            for (PlatformDef pl : eco.platforms()) {
                if (pl.kind() != null && !PlatformDef.YELLOW.equals(pl.kind())) {
                    p.error(pl.at(), "unknown-platform-kind", "platform '" + pl.name() + "' has kind '" + pl.kind()
                            + "'; the only platform kind is '" + PlatformDef.YELLOW + "'");
                }
                if (pl.mergeStore() == null) {
                    continue;
                }
                var store = m.container(pl.mergeStore());
                if (store.isEmpty()) {
                    p.error(pl.at().of("mergeStore"), "unknown-container", "platform '" + pl.name() + "' uses merge store '"
                            + pl.mergeStore() + "', which is not a container of the ecosystem"
                            + Suggest.didYouMean(pl.mergeStore(), eco.containers().stream().map(ContainerDef::name).toList())
                            + "; add it under 'containers:'");
                } else if (store.get().kind() != null && !ContainerDef.POSTGRES.equals(store.get().kind())) {
                    p.error(pl.at().of("mergeStore"), "invalid-container", "platform '" + pl.name() + "' needs a postgres merge store, "
                            + "but container '" + pl.mergeStore() + "' is of kind '" + store.get().kind() + "'");
                }
            }
        });
    }
}
