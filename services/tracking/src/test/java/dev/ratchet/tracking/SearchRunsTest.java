package dev.ratchet.tracking;

import static dev.ratchet.testing.GrpcAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.events.v1.MetricPoint;
import dev.ratchet.events.v1.ParamValue;
import dev.ratchet.testing.KafkaBrokerResource;
import dev.ratchet.tracking.v1.Approach;
import dev.ratchet.tracking.v1.CreateExperimentRequest;
import dev.ratchet.tracking.v1.CreateRunRequest;
import dev.ratchet.tracking.v1.LogBatchRequest;
import dev.ratchet.tracking.v1.Run;
import dev.ratchet.tracking.v1.RunStatus;
import dev.ratchet.tracking.v1.SearchRunsRequest;
import dev.ratchet.tracking.v1.SearchRunsResponse;
import dev.ratchet.tracking.v1.TrackingServiceGrpc.TrackingServiceBlockingStub;
import dev.ratchet.tracking.v1.UpdateRunRequest;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class SearchRunsTest {

    @GrpcClient("tracking")
    TrackingServiceBlockingStub tracking;

    private String experimentId;

    @BeforeEach
    void fourRuns() {
        experimentId = tracking.createExperiment(CreateExperimentRequest.newBuilder()
                        .setName("search-" + UUID.randomUUID())
                        .build())
                .getExperiment()
                .getExperimentId();
        run("majority", "logreg", "simple", 0.41);
        run("xgb-1", "xgb", "popular", 0.83);
        run("xgb-2", "xgb", "popular", 0.79);
        String finished = run("mlp", "mlp", "creative", 0.86);
        tracking.updateRun(UpdateRunRequest.newBuilder()
                .setRunId(finished)
                .setStatus(RunStatus.RUN_STATUS_FINISHED)
                .build());
    }

    @Test
    void filtersOnMetricsParamsAndTagsAndOrdersByAMetric() {
        assertEquals(
                List.of("xgb-1"),
                names(search(
                        "metrics.val_f1 > 0.8 and params.model = 'xgb' " + "and tags.approach = 'popular'",
                        "metrics.val_f1 DESC")));
        assertEquals(List.of("mlp", "xgb-1", "xgb-2", "majority"), names(search("", "metrics.val_f1 DESC")));
        assertEquals(
                List.of("majority", "mlp"),
                names(search(
                        "tags.approach = 'simple' or " + "(metrics.val_f1 >= 0.85 and params.model LIKE 'ml%')",
                        "metrics.val_f1")));
        assertEquals(List.of("mlp"), names(search("attributes.status = 'finished'", "")));
        assertEquals(List.of("xgb-2", "xgb-1"), names(search("params.model = 'xgb'", "metrics.val_f1 ASC")));
        assertEquals(List.of("majority"), names(search("attributes.approach = 'simple'", "")));
    }

    @Test
    void paramsCompareAsNumbersWithANumberTypedOrWrittenAsText() {
        typedRun("lr-high", 0.1, 3);
        typedRun("lr-mid", 0.01, 6);
        // an MLflow client logs every param as text
        tracking.createRun(CreateRunRequest.newBuilder()
                .setExperimentId(experimentId)
                .setName("lr-text")
                .putParams("lr", "0.0005")
                .putParams("depth", "12")
                .build());

        assertEquals(List.of("lr-high", "lr-mid"), names(search("params.lr > 0.005", "params.lr DESC")));
        assertEquals(List.of("lr-text"), names(search("params.lr < 0.001", "")));
        assertEquals(List.of("lr-text", "lr-mid", "lr-high"), names(search("params.lr > 0", "params.lr")));
        assertEquals(List.of("lr-mid", "lr-text"), names(search("params.depth >= 6", "params.depth ASC")));
        assertEquals(List.of("lr-high"), names(search("params.lr = '0.1'", "")), "as text too");
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "param 'lr' is compared with a number: LIKE and ILIKE compare strings; quote the value, e.g. '1'",
                () -> search("params.lr LIKE 1", ""));
    }

    private void typedRun(String name, double lr, long depth) {
        tracking.createRun(CreateRunRequest.newBuilder()
                .setExperimentId(experimentId)
                .setName(name)
                .putTypedParams("lr", ParamValue.newBuilder().setDoubleValue(lr).build())
                .putTypedParams(
                        "depth", ParamValue.newBuilder().setIntValue(depth).build())
                .build());
    }

    @Test
    void pagesThroughTheResults() {
        List<String> seen = new ArrayList<>();
        String token = "";
        do {
            SearchRunsResponse page = tracking.searchRuns(SearchRunsRequest.newBuilder()
                    .addExperimentIds(experimentId)
                    .addOrderBy("metrics.val_f1 DESC")
                    .setMaxResults(3)
                    .setPageToken(token)
                    .build());
            page.getRunsList().forEach(r -> seen.add(r.getName()));
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        assertEquals(List.of("mlp", "xgb-1", "xgb-2", "majority"), seen);
    }

    @Test
    void aBadFilterOrOrderIsRejectedWithThePosition() {
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "quote the value, e.g. 'xgb', found 'xgb' at position 16",
                () -> search("params.model = xgb", ""));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "order_by 'metrics.val_f1 UP': 'UP' is not ASC or DESC",
                () -> search("", "metrics.val_f1 UP"));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "page_token 'nope'",
                () -> tracking.searchRuns(
                        SearchRunsRequest.newBuilder().setPageToken("nope").build()));
        assertStatus(
                Status.Code.INVALID_ARGUMENT,
                "not a UUID",
                () -> tracking.searchRuns(
                        SearchRunsRequest.newBuilder().addExperimentIds("x").build()));
    }

    private List<Run> search(String filter, String orderBy) {
        SearchRunsRequest.Builder request =
                SearchRunsRequest.newBuilder().addExperimentIds(experimentId).setFilter(filter);
        if (!orderBy.isEmpty()) {
            request.addOrderBy(orderBy);
        }
        SearchRunsResponse response = tracking.searchRuns(request.build());
        assertTrue(response.getNextPageToken().isEmpty());
        return response.getRunsList();
    }

    private static List<String> names(List<Run> runs) {
        return runs.stream().map(Run::getName).toList();
    }

    private String run(String name, String model, String approach, double valF1) {
        String runId = tracking.createRun(CreateRunRequest.newBuilder()
                        .setExperimentId(experimentId)
                        .setName(name)
                        .setApproach(Approach.valueOf("APPROACH_" + approach.toUpperCase()))
                        .build())
                .getRun()
                .getRunId();
        tracking.logBatch(LogBatchRequest.newBuilder()
                .setRunId(runId)
                .putParams("model", model)
                .putTags("approach", approach)
                .addMetrics(point(0, valF1 - 0.2))
                .addMetrics(point(1, valF1))
                .build());
        return runId;
    }

    private static MetricPoint point(long step, double value) {
        return MetricPoint.newBuilder()
                .setKey("val_f1")
                .setStep(step)
                .setValue(value)
                .setContext(MetricContext.METRIC_CONTEXT_VALIDATION)
                .setTimestamp(Timestamp.newBuilder().setSeconds(1_700_000_000L + step))
                .build();
    }
}
