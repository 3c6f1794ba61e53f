package dev.ratchet.evaluation.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratchet.evaluation.TestData;
import dev.ratchet.evaluation.data.CsvTables;
import dev.ratchet.evaluation.data.FileDigests;
import dev.ratchet.evaluation.data.Table;
import dev.ratchet.evaluation.split.DatasetSplits;
import dev.ratchet.evaluation.v1.SplitDatasetRequest;
import dev.ratchet.evaluation.v1.SplitPart;
import dev.ratchet.evaluation.v1.SplitStrategy;
import dev.ratchet.events.v1.ColumnProfile;
import dev.ratchet.events.v1.ColumnShift;
import dev.ratchet.events.v1.DataProfile;
import dev.ratchet.events.v1.HistogramBin;
import dev.ratchet.events.v1.PartProfile;
import dev.ratchet.events.v1.Quantile;
import dev.ratchet.events.v1.SampleRow;
import dev.ratchet.events.v1.ValueCount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Profiles of the real datasets. Reference values: numpy 1.24 / scipy 1.10 (Debian), computed by
 * {@code src/test/resources/datasets/profile_references.py}.
 */
class ProfilerTest {
    private static final Profiler.Options GERMAN = new Profiler.Options("Class", List.of("row_id"), 30, 5);

    @TempDir
    Path out;

    @Test
    void summariesQuantilesAndHistogramsMatchNumpy() {
        PartProfile data = profile(GERMAN, part("data", TestData.datasets().resolve("german_credit.csv")))
                .getParts(0);
        ColumnProfile age = column(data, "Age");
        assertEquals("number", age.getType());
        assertEquals(35.546, age.getMean(), 1e-12);
        assertEquals(11.375468574317512, age.getStdDev(), 1e-12);
        assertArrayEquals(
                new double[] {19.0, 20.0, 22.0, 27.0, 33.0, 42.0, 60.0, 67.00999999999999, 75.0},
                age.getQuantilesList().stream().mapToDouble(Quantile::getValue).toArray(),
                1e-9);
        assertArrayEquals(
                new long[] {30, 119, 142, 120, 72, 105, 92, 63, 56, 33, 43, 29, 25, 17, 9, 17, 15, 6, 1, 6},
                age.getHistogramList().stream()
                        .mapToLong(HistogramBin::getCount)
                        .toArray());
        ColumnProfile amount = column(data, "Amount");
        assertEquals(3271.258, amount.getMean(), 1e-9);
        assertEquals(2822.7368759604406, amount.getStdDev(), 1e-9);
        assertArrayEquals(
                new double[] {250.0, 425.83, 708.95, 1365.5, 2319.5, 3972.25, 9162.699999999995, 14180.39, 18424.0},
                amount.getQuantilesList().stream()
                        .mapToDouble(Quantile::getValue)
                        .toArray(),
                1e-6);
        assertArrayEquals(
                new long[] {151, 294, 170, 123, 66, 31, 45, 35, 24, 14, 10, 9, 7, 7, 2, 6, 3, 2, 0, 1},
                amount.getHistogramList().stream()
                        .mapToLong(HistogramBin::getCount)
                        .toArray());

        ColumnProfile foreign = column(data, "ForeignWorker");
        assertEquals("text", foreign.getType());
        assertEquals(2, foreign.getDistinct());
        assertEquals(
                List.of("yes=963", "no=37"),
                foreign.getTopValuesList().stream()
                        .map(v -> v.getValue() + "=" + v.getCount())
                        .toList());
        assertEquals(
                List.of("Good=700", "Bad=300"),
                data.getLabelsList().stream()
                        .map(v -> v.getValue() + "=" + v.getCount())
                        .toList());
        assertEquals(10, data.getSamplesCount(), "five rows of each label");
        for (SampleRow sample : data.getSamplesList()) {
            assertEquals(sample.getLabel(), sample.getValuesOrThrow("Class"));
        }
    }

    @Test
    void distancesMatchScipyAndTheTextbookFormula() {
        // scipy.spatial.distance.jensenshannon([30,50,0,20], [10,60,5,25], base=2)
        assertEquals(
                0.2608364340582951,
                Distances.jensenShannon(new long[] {30, 50, 0, 20}, new long[] {10, 60, 5, 25}),
                1e-12);
        // Σ (q − p) ln(q / p), shares floored at 1e-4 (numpy)
        assertEquals(0.5592207350899951, Distances.psi(new long[] {30, 50, 0, 20}, new long[] {10, 60, 5, 25}), 1e-12);
        assertEquals(0, Distances.jensenShannon(new long[] {1, 2, 3}, new long[] {2, 4, 6}), 1e-12);
        assertEquals(0, Distances.psi(new long[] {1, 2, 3}, new long[] {2, 4, 6}), 1e-12);
        assertEquals(1, Distances.jensenShannon(new long[] {1, 0}, new long[] {0, 1}), 1e-12);
    }

    @Test
    void aSplitGermanCreditShowsEachPartsHistogramAndFlagsForeignWorkersTooFewInTest() {
        List<SplitPart> split = new DatasetSplits()
                .split(SplitDatasetRequest.newBuilder()
                        .setUri(TestData.datasets().resolve("german_credit.csv").toString())
                        .setOutputDir(out.toString())
                        .setStrategy(SplitStrategy.SPLIT_STRATEGY_RANDOM)
                        .setLabelColumn("Class")
                        .addIdColumns("row_id")
                        .setSeed(42)
                        .build())
                .getPartsList();
        List<Profiler.Part> parts = new ArrayList<>();
        for (SplitPart part : split) {
            parts.add(part(part.getRole(), Path.of(java.net.URI.create(part.getUri()))));
        }
        DataProfile profile = profile(GERMAN, parts.toArray(Profiler.Part[]::new));

        assertEquals(
                List.of("train", "validation", "test"),
                profile.getPartsList().stream().map(PartProfile::getRole).toList());
        List<Double> edges = null;
        for (PartProfile part : profile.getPartsList()) {
            ColumnProfile age = column(part, "Age");
            assertEquals(20, age.getHistogramCount());
            assertEquals(
                    part.getRows(),
                    age.getHistogramList().stream()
                            .mapToLong(HistogramBin::getCount)
                            .sum());
            List<Double> partEdges =
                    age.getHistogramList().stream().map(HistogramBin::getLower).toList();
            if (edges != null) {
                assertEquals(edges, partEdges, "the parts' histograms share their bins");
            }
            edges = partEdges;
            assertEquals(
                    part.getRows(),
                    part.getLabelsList().stream()
                            .mapToLong(ValueCount::getCount)
                            .sum());
        }

        ValueCount foreignInTest = column(profile.getParts(2), "ForeignWorker").getTopValuesList().stream()
                .filter(v -> v.getValue().equals("no"))
                .findFirst()
                .orElseThrow();
        assertTrue(foreignInTest.getCount() < 30 && foreignInTest.getTooSmall(), foreignInTest.toString());
        assertTrue(
                profile.getWarningsList()
                        .contains("test: too few rows to measure a model on (fewer than 30) for "
                                + "ForeignWorker=no (" + foreignInTest.getCount() + " rows; "
                                + column(profile.getParts(0), "ForeignWorker").getTopValuesList().stream()
                                        .filter(v -> v.getValue().equals("no"))
                                        .findFirst()
                                        .orElseThrow()
                                        .getCount()
                                + " in train)"),
                profile.getWarningsList().toString());
        assertTrue(
                profile.getWarningsList().stream().noneMatch(w -> w.startsWith("train:")),
                "train's own small slices are not its problem");
        assertFalse(column(profile.getParts(2), "ForeignWorker").getTopValuesList().stream()
                .filter(v -> v.getValue().equals("yes"))
                .findFirst()
                .orElseThrow()
                .getTooSmall());

        // every column of each later part is compared with train, the label too; ids are not
        assertEquals(2 * 22, profile.getShiftsCount());
        Set<String> compared =
                profile.getShiftsList().stream().map(ColumnShift::getColumn).collect(Collectors.toSet());
        assertTrue(compared.contains("Class"));
        assertFalse(compared.contains("row_id"));
        for (int i = 0; i < profile.getShiftsCount(); i++) {
            ColumnShift shift = profile.getShifts(i);
            assertEquals(shift.getPsi() >= 0.2, shift.getFlagged());
            assertTrue(i == 0 || profile.getShifts(i - 1).getPsi() >= shift.getPsi(), "largest first");
        }
    }

    @Test
    void anIdReusedForAnotherPersonIsReported() throws Exception {
        Path panel = TestData.datasets().resolve("psid7682_wages_panel.csv");
        Profiler.Options byPerson = new Profiler.Options("", List.of("id"), 30, 1);
        assertTrue(
                profile(byPerson, part("data", panel)).getWarningsList().stream()
                        .noneMatch(w -> w.contains("id column")),
                "each of the panel's ids is one person");

        // person 2's rows filed under person 1's id (a different education and ethnicity)
        List<String> lines = new ArrayList<>(Files.readAllLines(panel));
        lines.replaceAll(line -> line.startsWith("2,") ? "1," + line.substring(2) : line);
        Path reused = out.resolve("reused.csv");
        Files.write(reused, lines);
        List<String> warnings = profile(byPerson, part("data", reused)).getWarningsList();
        assertTrue(
                warnings.stream()
                        .anyMatch(w -> w.startsWith("id column 'id': 1 of 594 ids have rows that disagree")
                                && w.endsWith(
                                        "constant for the other ids: 1. Are these ids reused for different entities? Group splits "
                                                + "and leakage checks by 'id' trust it to name one entity.")),
                warnings.toString());
    }

    @Test
    void aLabelMissingFromAPartAndAMissingColumnAreWarnings() throws Exception {
        Path train = out.resolve("train.csv");
        Files.writeString(train, "x,colour,y\n1,red,a\n2,blue,b\n3,red,c\n");
        Path test = out.resolve("test.csv");
        Files.writeString(test, "x,y\n1,a\n2,b\n");
        DataProfile profile =
                profile(new Profiler.Options("y", List.of(), 30, 5), part("train", train), part("test", test));
        assertTrue(profile.getWarningsList().contains("test lacks columns the other parts have: [colour]"));
        assertTrue(
                profile.getWarningsList().contains("label y=c has no rows in test"),
                profile.getWarningsList().toString());
    }

    private static DataProfile profile(Profiler.Options options, Profiler.Part... parts) {
        return Profiler.profile("profile:test", List.of(parts), options);
    }

    private static Profiler.Part part(String role, Path file) {
        Table table = CsvTables.read(file.toString(), Set.of("Class"));
        return new Profiler.Part(role, file.toUri().toString(), FileDigests.sha256(file), table);
    }

    private static ColumnProfile column(PartProfile part, String name) {
        return part.getColumnsList().stream()
                .filter(c -> c.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
