package dev.ratchet.tracking.mlflow;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A name for a run created without one, in MLflow's style ({@code adjective-noun-number}, e.g.
 * {@code brave-otter-417}): MLflow's server names every run, and its clients and UI show that name.
 */
final class RunNames {
    private static final List<String> ADJECTIVES = List.of(
            "amber", "bold", "brave", "bright", "calm", "clever", "crisp", "eager", "fair", "fleet", "gentle", "glad",
            "keen", "lively", "lucid", "merry", "nimble", "patient", "quiet", "rapid", "steady", "sunny", "swift",
            "tidy", "vivid", "warm", "wise", "zesty");
    private static final List<String> NOUNS = List.of(
            "badger", "bison", "crane", "falcon", "finch", "fox", "gecko", "heron", "ibis", "koala", "lark", "lynx",
            "marten", "newt", "otter", "owl", "panda", "puffin", "quail", "raven", "robin", "seal", "stork", "tapir",
            "trout", "wren", "yak", "zebra");

    private RunNames() {}

    static String next(RandomGenerator random) {
        return ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "-" + NOUNS.get(random.nextInt(NOUNS.size())) + "-"
                + random.nextInt(1000);
    }
}
