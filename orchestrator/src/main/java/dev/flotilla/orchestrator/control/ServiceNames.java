package dev.flotilla.orchestrator.control;

import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * A name for a service created without {@code --name}, as docker makes one up: two words joined by '_', chosen at
 * random among names no service has. Our own word lists, from the sea.
 */
final class ServiceNames {
    private static final List<String> FIRST = List.of("amber", "brisk", "calm", "daring", "eager", "fair", "gentle",
            "hardy", "keen", "lively", "merry", "nimble", "proud", "quiet", "rapid", "steady", "swift", "tidy",
            "valiant", "wise");
    private static final List<String> SECOND = List.of("anchor", "beacon", "brig", "compass", "cutter", "dinghy",
            "frigate", "galley", "harbor", "keel", "ketch", "lantern", "mast", "pilot", "rudder", "schooner", "sextant",
            "sloop", "tide", "yawl");

    private ServiceNames() {
    }

    static String pick(Set<String> taken, RandomGenerator random) {
        for (int attempt = 0; attempt < 100; attempt++) {
            String name = FIRST.get(random.nextInt(FIRST.size())) + "_" + SECOND.get(random.nextInt(SECOND.size()));
            if (attempt >= 50) {
                name += "_" + (1 + random.nextInt(9999));
            }
            if (!taken.contains(name)) {
                return name;
            }
        }
        throw new IllegalStateException("no free service name found; give one with --name");
    }
}
