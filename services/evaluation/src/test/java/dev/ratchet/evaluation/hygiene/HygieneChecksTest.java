package dev.ratchet.evaluation.hygiene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratchet.evaluation.TestData;
import dev.ratchet.evaluation.data.CsvTables;
import dev.ratchet.evaluation.data.Table;
import dev.ratchet.evaluation.v1.CheckStatus;
import dev.ratchet.evaluation.v1.HygieneCheck;
import dev.ratchet.events.v1.HygieneOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hygiene checks on real datasets, split the ways teams split them. */
class HygieneChecksTest {
    static final Path DATASETS = TestData.datasets();

    @TempDir
    Path dir;

    /** A split of a CSV file's data lines: the header goes to both files. */
    record Split(Table train, Table test, List<String> trainLines, List<String> testLines) {}

    Split split(String dataset, Predicate<String> toTest) throws IOException {
        List<String> lines = Files.readAllLines(DATASETS.resolve(dataset));
        List<String> train = new ArrayList<>();
        List<String> test = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            (toTest.test(line) ? test : train).add(line);
        }
        return new Split(write("train.csv", lines.get(0), train), write("test.csv", lines.get(0), test), train, test);
    }

    Split randomSplit(String dataset, long seed, double testShare) throws IOException {
        Random random = new Random(seed);
        return split(dataset, line -> random.nextDouble() < testShare);
    }

    private Table write(String name, String header, List<String> lines) throws IOException {
        List<String> all = new ArrayList<>();
        all.add(header);
        all.addAll(lines);
        Path path = Files.write(dir.resolve(name), all);
        return CsvTables.read(path.toString(), Set.of());
    }

    static HygieneCheck named(List<HygieneCheck> checks, String name) {
        return checks.stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    /** The line without its first field (the row id). */
    static String withoutId(String line) {
        return line.substring(line.indexOf(',') + 1);
    }

    @Test
    void randomSplitOfCreditDataFindsItsDuplicateRowsAcrossTheSplit() throws IOException {
        Split split = randomSplit("credit_data.csv", 6, 0.2);
        List<HygieneCheck> checks = new HygieneChecks(
                        split.test(),
                        split.train(),
                        HygieneOptions.newBuilder().addIdColumns("row_id").build(),
                        "Status",
                        Set.of())
                .run(List.of("Marital"), 30);

        // independently: test lines whose text, id aside, equals a training line's
        Set<String> trainRecords = new HashSet<>();
        split.trainLines().forEach(l -> trainRecords.add(withoutId(l)));
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < split.testLines().size(); i++) {
            if (trainRecords.contains(withoutId(split.testLines().get(i)))) {
                expected.add(i + 1L);
            }
        }
        assertFalse(expected.isEmpty(), "this seed puts one copy of a duplicate pair on each side");

        HygieneCheck duplicates = named(checks, "train_test_duplicates");
        assertEquals(CheckStatus.CHECK_STATUS_FAIL, duplicates.getStatus(), duplicates.getSummary());
        assertEquals(expected, duplicates.getOffendingRowsList());
        assertEquals(CheckStatus.CHECK_STATUS_PASS, named(checks, "new_labels").getStatus());
        assertEquals(
                CheckStatus.CHECK_STATUS_PASS,
                named(checks, "label_leakage").getStatus(),
                named(checks, "label_leakage").getSummary());
    }

    @Test
    void randomRowSplitOfThePanelLeaksPeopleButASplitByYearIsClean() throws IOException {
        HygieneOptions options = HygieneOptions.newBuilder()
                .addGroupColumns("id")
                .setTimeColumn("year")
                .build();

        Split random = randomSplit("psid7682_wages_panel.csv", 11, 0.2);
        List<HygieneCheck> leaky =
                new HygieneChecks(random.test(), random.train(), options, "union", Set.of()).run(List.of(), 30);
        HygieneCheck people = named(leaky, "group_leakage:id");
        assertEquals(CheckStatus.CHECK_STATUS_FAIL, people.getStatus());
        // every person has 7 rows, so nearly every test row's person is also in training
        assertTrue(people.getOffendingCount() > 0.9 * random.test().rows(), people.getSummary());
        assertEquals(
                CheckStatus.CHECK_STATUS_FAIL,
                named(leaky, "temporal_leakage:year").getStatus());

        Split byYear = split("psid7682_wages_panel.csv", line -> Integer.parseInt(line.split(",")[1]) >= 1981);
        assertEquals(2 * 595, byYear.test().rows());
        List<HygieneCheck> clean = new HygieneChecks(
                        byYear.test(),
                        byYear.train(),
                        HygieneOptions.newBuilder().setTimeColumn("year").build(),
                        "union",
                        Set.of())
                .run(List.of(), 30);
        HygieneCheck time = named(clean, "temporal_leakage:year");
        assertEquals(CheckStatus.CHECK_STATUS_PASS, time.getStatus(), time.getSummary());
        assertEquals(
                CheckStatus.CHECK_STATUS_PASS,
                named(clean, "train_test_duplicates").getStatus());
        for (HygieneCheck check : clean) {
            assertTrue(check.getStatus() != CheckStatus.CHECK_STATUS_FAIL, check.getName() + ": " + check.getSummary());
        }
    }

    @Test
    void aColumnCopiedFromTheLabelIsLabelLeakage() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(DATASETS.resolve("german_credit.csv")));
        List<String> header = List.of(lines.get(0).split(","));
        int classColumn = header.indexOf("\"Class\"") >= 0 ? header.indexOf("\"Class\"") : header.indexOf("Class");
        List<String> withCopy = new ArrayList<>();
        withCopy.add(lines.get(0) + ",\"outcome_code\"");
        for (String line : lines.subList(1, lines.size())) {
            String label = line.split(",")[classColumn];
            withCopy.add(line + "," + (label.contains("Good") ? "\"G\"" : "\"B\""));
        }
        List<String> data = new ArrayList<>(withCopy.subList(1, withCopy.size()));
        Collections.shuffle(data, new Random(3));
        Table train = write("gc_train.csv", withCopy.get(0), data.subList(0, 700));
        Table test = write("gc_test.csv", withCopy.get(0), data.subList(700, data.size()));

        HygieneCheck leakage = named(
                new HygieneChecks(
                                test,
                                train,
                                HygieneOptions.newBuilder()
                                        .addIdColumns("row_id")
                                        .build(),
                                "Class",
                                Set.of())
                        .run(List.of(), 30),
                "label_leakage");
        assertEquals(CheckStatus.CHECK_STATUS_FAIL, leakage.getStatus());
        assertTrue(leakage.getSummary().contains("outcome_code"), leakage.getSummary());
        assertFalse(leakage.getSummary().contains("Amount"), leakage.getSummary());
    }
}
