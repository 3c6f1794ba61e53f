package dev.ratchet.evaluation.split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.evaluation.data.CsvTables;
import dev.ratchet.evaluation.data.Table;
import dev.ratchet.evaluation.v1.CheckStatus;
import dev.ratchet.evaluation.v1.HygieneCheck;
import dev.ratchet.evaluation.v1.SplitDatasetRequest;
import dev.ratchet.evaluation.v1.SplitDatasetResponse;
import dev.ratchet.evaluation.v1.SplitPart;
import dev.ratchet.evaluation.v1.SplitStrategy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Splits of the real datasets: each keeps together what must not be split, and proves it. */
class DatasetSplitsTest {
    private final DatasetSplits splits = new DatasetSplits();

    @TempDir
    Path out;

    @Test
    void aGroupSplitOfThePanelPutsEveryPersonInExactlyOnePart() throws Exception {
        SplitDatasetResponse split =
                splits.split(request("psid7682_wages_panel.csv", SplitStrategy.SPLIT_STRATEGY_GROUP)
                        .addGroupColumns("id")
                        .setSeed(7)
                        .build());
        assertEquals(
                List.of("train", "validation", "test"),
                split.getPartsList().stream().map(SplitPart::getRole).toList());
        List<Set<String>> people = new ArrayList<>();
        long rows = 0;
        for (SplitPart part : split.getPartsList()) {
            Table table = read(part);
            people.add(new TreeSet<>(List.of(table.texts("id"))));
            rows += part.getRows();
            assertEquals(table.rows(), part.getRows());
        }
        assertEquals(4165, rows, "every row is in a part");
        for (int a = 0; a < people.size(); a++) {
            for (int b = a + 1; b < people.size(); b++) {
                Set<String> shared = new HashSet<>(people.get(a));
                shared.retainAll(people.get(b));
                assertTrue(shared.isEmpty(), "people in two parts: " + shared);
            }
        }
        assertEquals(595, people.stream().mapToInt(Set::size).sum());
        assertPassed(split, "group_leakage:id");
    }

    @Test
    void aTimeSplitOfThePanelPutsTheLastYearsInTest() throws Exception {
        SplitDatasetResponse split = splits.split(request("psid7682_wages_panel.csv", SplitStrategy.SPLIT_STRATEGY_TIME)
                .setTimeColumn("year")
                .setValidationFrom("1980")
                .setTestFrom("1981")
                .build());
        Map<String, Set<String>> years = new HashMap<>();
        for (SplitPart part : split.getPartsList()) {
            years.put(part.getRole(), new TreeSet<>(List.of(read(part).texts("year"))));
        }
        assertEquals(Set.of("1981", "1982"), years.get("test"));
        assertEquals(Set.of("1980"), years.get("validation"));
        assertEquals(Set.of("1976", "1977", "1978", "1979"), years.get("train"));
        assertPassed(split, "temporal_leakage:year");

        // by shares instead of cut points: whole years, the latest ones holding at most 30 % of the rows
        SplitDatasetResponse byShare =
                splits.split(request("psid7682_wages_panel.csv", SplitStrategy.SPLIT_STRATEGY_TIME)
                        .setTimeColumn("year")
                        .setTestFraction(0.3)
                        .setValidationFraction(0.15)
                        .setOutputDir(out.resolve("by-share").toString())
                        .build());
        assertEquals(
                Set.of("1981", "1982"),
                new TreeSet<>(List.of(read(byShare.getParts(2)).texts("year"))));
    }

    @Test
    void aRandomSplitKeepsEachSetOfDuplicateRowsOnOneSide() throws Exception {
        Table original = CsvTables.read(resource("credit_data.csv"), Set.of());
        List<String> columns = new ArrayList<>(original.columnNames());
        columns.remove("row_id");
        Map<String, Integer> copies = new HashMap<>();
        for (int r = 0; r < original.rows(); r++) {
            copies.merge(row(original, columns, r), 1, Integer::sum);
        }
        Set<String> duplicated = new HashSet<>();
        copies.forEach((row, n) -> {
            if (n > 1) {
                duplicated.add(row);
            }
        });
        assertFalse(duplicated.isEmpty(), "credit_data.csv has duplicate rows");

        SplitDatasetResponse split = splits.split(request("credit_data.csv", SplitStrategy.SPLIT_STRATEGY_RANDOM)
                .setLabelColumn("Status")
                .addIdColumns("row_id")
                .setSeed(11)
                .build());
        Map<String, Set<String>> partsOfRow = new HashMap<>();
        for (SplitPart part : split.getPartsList()) {
            Table table = read(part);
            for (int r = 0; r < table.rows(); r++) {
                partsOfRow
                        .computeIfAbsent(row(table, columns, r), k -> new HashSet<>())
                        .add(part.getRole());
            }
        }
        for (String row : duplicated) {
            assertEquals(1, partsOfRow.get(row).size(), "a duplicated row in " + partsOfRow.get(row));
        }
        assertPassed(split, "train_test_duplicates");
        // stratified: each part has the label's shares within two points
        double good = share(original, "good");
        for (SplitPart part : split.getPartsList()) {
            assertEquals(good, share(read(part), "good"), 0.02, part.getRole());
        }
    }

    @Test
    void aSplitThatFailsItsOwnChecksWritesNothing() {
        ApiException e = assertThrows(
                ApiException.class,
                () -> splits.split(request("psid7682_wages_panel.csv", SplitStrategy.SPLIT_STRATEGY_RANDOM)
                        .addGroupColumns("id")
                        .setSeed(3)
                        .build()));
        assertTrue(e.getMessage().startsWith("the split fails its own checks, nothing was written: "), e.getMessage());
        assertTrue(e.getMessage().contains("group_leakage:id"), e.getMessage());
        assertFalse(Files.exists(out.resolve("parts").resolve("train.csv")));
        assertThrows(
                ApiException.class,
                () -> splits.split(request("credit_data.csv", SplitStrategy.SPLIT_STRATEGY_RANDOM)
                        .setTestFraction(0.6)
                        .setValidationFraction(0.5)
                        .build()));
    }

    private SplitDatasetRequest.Builder request(String dataset, SplitStrategy strategy) throws Exception {
        return SplitDatasetRequest.newBuilder()
                .setUri(resource(dataset))
                .setStrategy(strategy)
                .setOutputDir(out.resolve("parts").toString());
    }

    private String resource(String dataset) throws Exception {
        return getClass().getResource("/datasets/" + dataset).toURI().toString();
    }

    /** The part read back, after checking its digest is the file's. */
    private static Table read(SplitPart part) throws Exception {
        byte[] bytes = Files.readAllBytes(Path.of(URI.create(part.getUri())));
        assertEquals(
                "sha256:"
                        + HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
                part.getDigest());
        return CsvTables.read(part.getUri(), Set.of());
    }

    private static void assertPassed(SplitDatasetResponse split, String check) {
        List<HygieneCheck> named = split.getChecksList().stream()
                .filter(c -> c.getName().endsWith(": " + check))
                .toList();
        assertFalse(named.isEmpty(), "no " + check + " in " + split.getChecksList());
        named.forEach(c -> assertEquals(CheckStatus.CHECK_STATUS_PASS, c.getStatus(), c.toString()));
    }

    private static String row(Table table, List<String> columns, int r) {
        StringBuilder row = new StringBuilder();
        columns.forEach(c -> row.append(table.column(c).asText(r)).append('|'));
        return row.toString();
    }

    private static double share(Table table, String label) {
        String[] labels = table.texts("Status");
        return (double) java.util.Arrays.stream(labels).filter(label::equals).count() / labels.length;
    }
}
