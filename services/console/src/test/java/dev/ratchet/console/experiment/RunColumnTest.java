package dev.ratchet.console.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.tracking.v1.MetricSummary;
import dev.ratchet.tracking.v1.Run;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunColumnTest {
    private final Run run = Run.newBuilder()
            .setRunId("r1")
            .putParams("lr", "0.001")
            .putParams("model", "xgboost")
            .addMetrics(MetricSummary.newBuilder()
                    .setKey("loss")
                    .setContext(MetricContext.METRIC_CONTEXT_TRAIN)
                    .setLastValue(0.25))
            .addMetrics(MetricSummary.newBuilder()
                    .setKey("loss")
                    .setContext(MetricContext.METRIC_CONTEXT_VALIDATION)
                    .setLastValue(0.5))
            .putTags("team", "risk")
            .build();

    @Test
    void anIdNamesTheSameColumnBack() {
        for (String id : List.of("params.lr", "metrics.loss@validation", "metrics.loss", "tags.team", "datasets")) {
            assertEquals(id, RunColumn.parse(id).id());
        }
    }

    @Test
    void aMetricColumnShowsTheValueOfItsContext() {
        assertEquals("0.5", RunColumn.parse("metrics.loss@validation").value(run));
        assertEquals("0.25", RunColumn.parse("metrics.loss@train").value(run));
        assertEquals("0.001", RunColumn.parse("params.lr").value(run));
        assertEquals("", RunColumn.parse("params.depth").value(run));
    }

    @Test
    void sortFieldsAreTheSearchLanguagesNames() {
        assertEquals(
                Optional.of("metrics.loss"),
                RunColumn.parse("metrics.loss@train").sortField());
        assertEquals(
                Optional.of("params.`learning rate`"),
                RunColumn.parse("params.learning rate").sortField());
        assertEquals(Optional.empty(), RunColumn.parse("datasets").sortField());
    }

    @Test
    void anUnknownColumnSaysWhatColumnsThereAre() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunColumn.parse("foo.bar"));
        assertTrue(e.getMessage().contains("use params.<name>, metrics.<name>"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RunColumn.parse("metrics.loss@dev"));
    }

    @Test
    void theOfferedColumnsAreEveryParamMetricAndTag() {
        assertEquals(
                List.of("params.lr", "params.model", "metrics.loss@train", "metrics.loss@validation", "tags.team"),
                RunColumn.offeredBy(List.of(run)).stream().map(RunColumn::id).toList());
    }

    @Test
    void sortingAgainFlipsTheDirection() {
        assertEquals("metrics.loss DESC", ExperimentPage.toggle("metrics.loss", ""));
        assertEquals("metrics.loss ASC", ExperimentPage.toggle("metrics.loss", "metrics.loss DESC"));
        assertEquals("params.lr ASC", ExperimentPage.toggle("params.lr", "metrics.loss DESC"));
    }
}
