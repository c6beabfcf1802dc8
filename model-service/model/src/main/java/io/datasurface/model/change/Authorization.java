package io.datasurface.model.change;

import io.datasurface.model.Model;
import io.datasurface.model.problem.Location;
import io.datasurface.model.problem.Problems;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Each added, changed or removed object must come from the repo that owns it: for an object that
 * exists in base, its owner in base (so an owner can hand an object over, and a new owner cannot take
 * it); for a new object, its owner in head. A repo that neither version knows is rejected outright.
 */
final class Authorization {
    private Authorization() {
    }

    static void check(Model base, Model head, String sourceRepo, Problems problems) {
        Set<String> known = new TreeSet<>(base.knownRepos());
        known.addAll(head.knownRepos());
        if (!known.contains(sourceRepo)) {
            Location at = head.ecosystem().map(e -> e.at()).orElse(Location.ofFile("."));
            problems.error(at, "unknown-repo", "repo '" + sourceRepo + "' does not own anything in this model, so it "
                    + "may not change it; known repos: " + String.join(", ", known));
            return;
        }
        Map<String, Owned> before = Inventory.of(base);
        Map<String, Owned> after = Inventory.of(head);
        for (var entry : after.entrySet()) {
            Owned now = entry.getValue();
            Owned was = before.get(entry.getKey());
            if (was == null) {
                require(sourceRepo, now, now, "added", problems);
            } else if (!Objects.equals(was.content(), now.content())) {
                require(sourceRepo, was, now, "changed", problems);
            }
        }
        for (var entry : before.entrySet()) {
            if (!after.containsKey(entry.getKey())) {
                Owned was = entry.getValue();
                Location at = new Location(was.at().file(), was.at().line());
                require(sourceRepo, was, new Owned(was.what(), was.content(), was.owner(), was.ownerWhy(), at),
                        "removed", problems);
            }
        }
    }

    /** Reports unless {@code owner.owner()} is the source repo; the problem is placed at {@code place}. */
    private static void require(String sourceRepo, Owned owner, Owned place, String verb, Problems problems) {
        if (owner.owner() == null) {
            problems.error(place.at(), "unauthorized-change", owner.what() + " was " + verb + ", but " + owner.ownerWhy()
                    + " is not declared with a repo, so no repo may make this change; declare it first");
        } else if (!owner.owner().equals(sourceRepo)) {
            problems.error(place.at(), "unauthorized-change", owner.what() + " was " + verb + " by repo '" + sourceRepo
                    + "', but it belongs to " + owner.ownerWhy() + " (repo '" + owner.owner()
                    + "'); make this change in that repo");
        }
    }
}
