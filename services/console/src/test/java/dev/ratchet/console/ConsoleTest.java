package dev.ratchet.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.ratchet.contract.events.CloudEvent;
import dev.ratchet.contract.events.EventCodec;
import dev.ratchet.contract.events.Topics;
import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.events.v1.MetricPoint;
import dev.ratchet.events.v1.MetricsLogged;
import dev.ratchet.testing.KafkaBrokerResource;
import dev.ratchet.testing.KafkaRecords;
import dev.ratchet.testing.LocalKafka;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The console against a real broker, with no backend running (their ports refuse): every page says
 * which service is down instead of failing, and live events flow from Kafka to a page's stream,
 * past records it cannot decode. The pages over real data are tested in Chromium (e2e).
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class ConsoleTest {

    @Test
    void aServiceThatIsDownGetsAPageSayingWhichAndWhatToDo() {
        given().get("/")
                .then()
                .statusCode(503)
                .body(containsString("The tracking service did not answer (UNAVAILABLE)"))
                .body(containsString("bin/ratchet local up"))
                .body(not(containsString("Exception")));
        given().get("/studies/" + UUID.randomUUID())
                .then()
                .statusCode(503)
                .body(containsString("The orchestrator service did not answer"));
        given().get("/evaluations/" + UUID.randomUUID())
                .then()
                .statusCode(503)
                .body(containsString("The evaluation service did not answer"));
    }

    @Test
    void badAddressesGetAClearPage() {
        given().get("/no/such/page").then().statusCode(404).body(containsString("There is no page at this address"));
        given().get("/compare?run=" + UUID.randomUUID())
                .then()
                .statusCode(400)
                .body(containsString("Select 2 to 1000 runs to compare (1 selected)"));
        given().get("/compare?run=a&run=b").then().statusCode(400).body(containsString("is not a run id (a UUID)"));
        given().get("/api/runs/" + UUID.randomUUID() + "/history")
                .then()
                .statusCode(400)
                .body("message", containsString("key is required"));
        given().get("/api/runs/" + UUID.randomUUID() + "/history?key=loss&points=1")
                .then()
                .statusCode(400)
                .body("message", containsString("points must be 4 to 20000"));
    }

    @Test
    void readinessNamesTheBackendThatIsDown() {
        given().get("/q/health/ready").then().statusCode(503).body(containsString("\"tracking\": \"UNAVAILABLE\""));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void aRunsPointsReachItsLiveStreamPastRecordsTheConsoleCannotRead() throws Exception {
        String runId = UUID.randomUUID().toString();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<Void>> stream = http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:18100/live/runs/" + runId))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArrayConsumer(
                        bytes -> bytes.ifPresent(b -> lines.add(new String(b, StandardCharsets.UTF_8)))));
        try {
            // The console reads from the newest offset once its consumer has its partitions: send
            // until a point arrives, a garbage record before each.
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            StringBuilder received = new StringBuilder();
            for (int step = 0;
                    Instant.now().isBefore(deadline) && !received.toString().contains("\"step\":");
                    step++) {
                KafkaRecords.send(
                        LocalKafka.bootstrapServers(),
                        new ProducerRecord<>(
                                Topics.METRICS, runId, "not a cloud event".getBytes(StandardCharsets.UTF_8)));
                KafkaRecords.send(
                        LocalKafka.bootstrapServers(),
                        EventCodec.record(CloudEvent.create(
                                "trainer",
                                runId,
                                MetricsLogged.newBuilder()
                                        .setRunId(runId)
                                        .addPoints(MetricPoint.newBuilder()
                                                .setKey("loss")
                                                .setStep(step)
                                                .setValue(1.0 / (step + 1))
                                                .setContext(MetricContext.METRIC_CONTEXT_TRAIN)
                                                .setTimestamp(
                                                        Timestamp.newBuilder().setSeconds(1_800_000_000L + step)))
                                        .build())));
                String line = lines.poll(1, TimeUnit.SECONDS);
                while (line != null) {
                    received.append(line);
                    line = lines.poll(100, TimeUnit.MILLISECONDS);
                }
            }
            String text = received.toString();
            assertTrue(text.contains("event:metrics") || text.contains("event: metrics"), text);
            assertTrue(text.contains("\"key\":\"loss\"") && text.contains("\"context\":\"train\""), text);
        } finally {
            stream.cancel(true);
        }
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("ratchet_console_live_events_skipped_total"));
    }
}
