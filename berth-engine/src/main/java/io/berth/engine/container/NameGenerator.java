package io.berth.engine.container;

import java.security.SecureRandom;
import java.util.List;
import java.util.function.Predicate;

/** Random container names in Docker's {@code adjective_noun} shape, from Berth's own harbour-themed words. */
final class NameGenerator {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> ADJECTIVES = List.of(
            "agile", "amber", "ancient", "bold", "brave", "bright", "busy", "calm", "clever", "coastal", "cool",
            "crisp", "daring", "deep", "eager", "fair", "fast", "fearless", "gentle", "glad", "golden", "grand",
            "happy", "hardy", "keen", "kind", "lively", "loyal", "lucky", "mellow", "merry", "misty", "nimble",
            "noble", "patient", "proud", "quick", "quiet", "rapid", "salty", "serene", "sharp", "silent", "sleepy",
            "snug", "steady", "stoic", "sturdy", "sunny", "swift", "tidy", "trusty", "vivid", "wandering", "warm",
            "wise", "witty", "zealous");
    private static final List<String> NOUNS = List.of(
            "anchor", "barge", "bay", "beacon", "bollard", "bow", "breakwater", "buoy", "cabin", "capstan", "cargo",
            "channel", "compass", "cove", "crane", "current", "deck", "dinghy", "dock", "ferry", "fjord", "galley",
            "gangway", "harbor", "hawser", "helm", "hull", "inlet", "jetty", "keel", "lagoon", "lighthouse", "mast",
            "mooring", "oar", "pier", "pilot", "port", "quay", "reef", "rudder", "sail", "schooner", "shore",
            "skiff", "sloop", "stern", "tide", "tugboat", "wake", "wharf", "yacht");

    private NameGenerator() {}

    static String next(Predicate<String> taken) {
        for (int attempt = 0; ; attempt++) {
            String name = ADJECTIVES.get(RANDOM.nextInt(ADJECTIVES.size())) + "_"
                    + NOUNS.get(RANDOM.nextInt(NOUNS.size()));
            if (attempt > 10) {
                name = name + RANDOM.nextInt(10);
            }
            if (!taken.test(name)) {
                return name;
            }
        }
    }
}
