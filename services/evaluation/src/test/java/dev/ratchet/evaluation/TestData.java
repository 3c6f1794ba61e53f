package dev.ratchet.evaluation;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Where the test data lies: copies of the shared datasets and the fixtures, on the test classpath. */
public final class TestData {
    private TestData() {}

    /** {@code src/test/resources/datasets/} (see the README there). */
    public static Path datasets() {
        return resource("/datasets/README.md").getParent();
    }

    public static Path resource(String name) {
        try {
            return Path.of(TestData.class.getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("no test resource " + name, e);
        }
    }
}
