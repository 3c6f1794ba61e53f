package dev.ratchet.evaluation.split;

import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.evaluation.data.Column;
import dev.ratchet.evaluation.data.CsvTables;
import dev.ratchet.evaluation.data.Table;
import dev.ratchet.evaluation.hygiene.HygieneChecks;
import dev.ratchet.evaluation.split.Splitter.Part;
import dev.ratchet.evaluation.v1.CheckStatus;
import dev.ratchet.evaluation.v1.HygieneCheck;
import dev.ratchet.evaluation.v1.SplitDatasetRequest;
import dev.ratchet.evaluation.v1.SplitDatasetResponse;
import dev.ratchet.evaluation.v1.SplitPart;
import dev.ratchet.evaluation.v1.SplitStrategy;
import dev.ratchet.events.v1.HygieneOptions;
import dev.ratchet.tracking.v1.DatasetInput;
import dev.ratchet.tracking.v1.DatasetRole;
import dev.ratchet.tracking.v1.LogRunContextRequest;
import dev.ratchet.tracking.v1.TrackingServiceGrpc.TrackingServiceBlockingStub;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * SplitDataset: read, assign rows to parts, prove the parts clean with the hygiene checks, write
 * them, and record them on a run in tracking. The checks run before anything is written, so a
 * split that fails them leaves nothing behind.
 */
@ApplicationScoped
public class DatasetSplits {
    static final double DEFAULT_FRACTION = 0.15;
    /** Text columns with at most this many values are slices whose representation is compared. */
    static final int MAX_SLICE_VALUES = 50;

    static final long MIN_SLICE_ROWS = 30;

    @GrpcClient("tracking")
    TrackingServiceBlockingStub tracking;

    public SplitDatasetResponse split(SplitDatasetRequest request) {
        Splitter.Plan plan = plan(request);
        if (request.getUri().isBlank() || request.getOutputDir().isBlank()) {
            throw ApiException.invalidArgument(
                    "uri (the CSV to split) and output_dir (where the parts go) are required");
        }
        Table table = CsvTables.read(request.getUri(), plan.label().isEmpty() ? Set.of() : Set.of(plan.label()));
        for (String column : columnsNamed(plan)) {
            table.column(column); // names a missing column with the table's columns
        }
        Splitter.Assignment assignment = Splitter.assign(table, plan);
        Map<Part, Table> parts = new EnumMap<>(Part.class);
        for (Part part : Part.values()) {
            int[] rows = IntStream.range(0, table.rows())
                    .filter(r -> assignment.parts()[r] == part)
                    .toArray();
            if (rows.length > 0 || part != Part.VALIDATION) {
                parts.put(part, SplitFiles.subset(table, rows, part.role()));
            }
        }
        if (parts.get(Part.TRAIN).rows() == 0 || parts.get(Part.TEST).rows() == 0) {
            throw ApiException.failedPrecondition(
                    "the split leaves " + parts.get(Part.TRAIN).rows() + " training and "
                            + parts.get(Part.TEST).rows() + " test rows; change the shares or cut points");
        }

        SplitDatasetResponse.Builder response = SplitDatasetResponse.newBuilder();
        assignment.notes().forEach(response::addWarnings);
        List<String> failures = new ArrayList<>();
        List<Part> present = new ArrayList<>(parts.keySet());
        for (int a = 0; a < present.size(); a++) {
            for (int b = a + 1; b < present.size(); b++) {
                check(
                        table,
                        plan,
                        parts.get(present.get(a)),
                        parts.get(present.get(b)),
                        present.get(a).role() + " → " + present.get(b).role(),
                        response,
                        failures);
            }
        }
        if (!failures.isEmpty()) {
            throw ApiException.failedPrecondition(
                    "the split fails its own checks, nothing was written: " + String.join("; ", failures));
        }

        Path directory = CsvTables.path(request.getOutputDir());
        for (Map.Entry<Part, Table> part : parts.entrySet()) {
            SplitFiles.Written written = SplitFiles.write(
                    part.getValue(), directory.resolve(part.getKey().role() + ".csv"));
            response.addParts(SplitPart.newBuilder()
                    .setRole(part.getKey().role())
                    .setUri(written.path().toUri().toString())
                    .setDigest(written.digest())
                    .setRows(written.rows()));
        }
        if (!request.getRunId().isBlank()) {
            record(request.getRunId(), response.getPartsList(), table);
        }
        return response.build();
    }

    private static Splitter.Plan plan(SplitDatasetRequest request) {
        double validation = request.getValidationFraction();
        double test = request.getTestFraction();
        if (validation == 0 && test == 0 && request.getTestFrom().isEmpty()) {
            validation = DEFAULT_FRACTION;
            test = DEFAULT_FRACTION;
        }
        if (!(validation >= 0 && validation < 1 && test >= 0 && test < 1 && validation + test < 1)) {
            throw ApiException.invalidArgument("validation_fraction " + validation + " and test_fraction " + test
                    + " must each be in [0, 1) and sum below 1");
        }
        if (request.getStrategy() == SplitStrategy.SPLIT_STRATEGY_UNSPECIFIED
                || request.getStrategy() == SplitStrategy.UNRECOGNIZED) {
            throw ApiException.invalidArgument("strategy must be RANDOM, TIME, GROUP or TIME_THEN_GROUP");
        }
        if (request.getTimeGap() < 0) {
            throw ApiException.invalidArgument("time_gap must not be negative");
        }
        return new Splitter.Plan(
                request.getStrategy(),
                validation,
                test,
                request.getSeed(),
                request.getLabelColumn(),
                request.getTimeColumn(),
                request.getValidationFrom(),
                request.getTestFrom(),
                request.getTimeGap(),
                request.getGroupColumnsList(),
                request.getIdColumnsList());
    }

    private static List<String> columnsNamed(Splitter.Plan plan) {
        List<String> columns = new ArrayList<>(plan.groupColumns());
        columns.addAll(plan.idColumns());
        if (!plan.label().isEmpty()) {
            columns.add(plan.label());
        }
        if (!plan.timeColumn().isEmpty()) {
            columns.add(plan.timeColumn());
        }
        return columns;
    }

    /**
     * The hygiene checks with the earlier part as training data and the later as test data.
     * Duplicates across the parts, a shared entity or a time out of order fail the split; the
     * other findings (classes, slices) are warnings.
     */
    private static void check(
            Table table,
            Splitter.Plan plan,
            Table earlier,
            Table later,
            String pair,
            SplitDatasetResponse.Builder response,
            List<String> failures) {
        if (earlier.rows() == 0 || later.rows() == 0) {
            return;
        }
        HygieneOptions.Builder options =
                HygieneOptions.newBuilder().addAllIdColumns(plan.idColumns()).addAllGroupColumns(plan.groupColumns());
        if (!plan.timeColumn().isEmpty()) {
            options.setTimeColumn(plan.timeColumn());
        }
        List<String> slices = table.columnNames().stream()
                .filter(c -> table.column(c) instanceof Column.Text text
                        && text.dictionary().size() <= MAX_SLICE_VALUES)
                .filter(c -> !c.equals(plan.label())
                        && !plan.groupColumns().contains(c)
                        && !plan.idColumns().contains(c))
                .toList();
        for (HygieneCheck check : new HygieneChecks(later, earlier, options.build(), plan.label(), Set.of())
                .run(slices, MIN_SLICE_ROWS)) {
            if (check.getName().equals("duplicates_within_test")) {
                continue; // duplicates inside one part are the data's own, kept together on purpose
            }
            if (check.getName().startsWith("slice_representation") && !pair.startsWith(Part.TRAIN.role())) {
                continue; // what validation lacks against test measures nothing a model learns from
            }
            HygieneCheck named =
                    check.toBuilder().setName(pair + ": " + check.getName()).build();
            response.addChecks(named);
            boolean crossing = check.getName().equals("train_test_duplicates")
                    || check.getName().startsWith("group_leakage")
                    || check.getName().startsWith("temporal_leakage");
            if (check.getStatus() == CheckStatus.CHECK_STATUS_FAIL && crossing) {
                failures.add(named.getName() + " — " + check.getSummary());
            } else if (check.getStatus() != CheckStatus.CHECK_STATUS_PASS) {
                response.addWarnings(named.getName() + ": " + check.getSummary());
            }
        }
    }

    /** The parts as the run's datasets in tracking, with roles, digests, rows and the schema. */
    private void record(String runId, List<SplitPart> parts, Table table) {
        String schema = String.join(
                ", ",
                table.columnNames().stream()
                        .map(c -> c + ":" + (table.column(c) instanceof Column.Numeric ? "number" : "string"))
                        .toList());
        LogRunContextRequest.Builder context = LogRunContextRequest.newBuilder().setRunId(runId);
        for (SplitPart part : parts) {
            context.addDatasets(DatasetInput.newBuilder()
                    .setUri(part.getUri())
                    .setDigest(part.getDigest())
                    .setRowCount(part.getRows())
                    .setSchemaSummary(schema)
                    .setRole(
                            DatasetRole.valueOf("DATASET_ROLE_" + part.getRole().toUpperCase(Locale.ROOT))));
        }
        try {
            tracking.logRunContext(context.build());
        } catch (StatusRuntimeException e) {
            throw ApiException.failedPrecondition(
                    "the parts were written but could not be recorded on run " + runId + " in tracking: "
                            + e.getStatus().getCode() + " " + e.getStatus().getDescription());
        }
    }
}
