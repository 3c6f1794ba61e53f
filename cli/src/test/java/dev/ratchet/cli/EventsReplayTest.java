package dev.ratchet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratchet.testing.KafkaRecords;
import dev.ratchet.testing.LocalKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ratchet events replay} against a real broker: dead letters go back where they came from, once. */
class EventsReplayTest {

    @Test
    void deadLettersGoBackToTheirTopicAsTheyWereAndAreReplayedOnce() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String dlq = "replay-test-" + suffix + ".dlq";
        String origin = "replay-test-" + suffix + ".metrics";
        for (int i = 0; i < 3; i++) {
            KafkaRecords.send(
                    LocalKafka.bootstrapServers(),
                    deadLetter(dlq, origin, "run-" + i, i == 2 ? "the database was down" : "a bug since fixed"));
        }
        KafkaRecords.send(LocalKafka.bootstrapServers(), new ProducerRecord<>(dlq, "stray", new byte[] {1}));

        String dry = run("events", "replay", dlq, "--dry-run", "--kafka", LocalKafka.bootstrapServers());
        assertTrue(dry.startsWith("would replay 3 records from " + dlq + ": 3 to " + origin), dry);

        String filtered =
                run("events", "replay", dlq, "--reason-contains", "bug", "--kafka", LocalKafka.bootstrapServers());
        assertTrue(filtered.startsWith("replayed 2 records from " + dlq + ": 2 to " + origin), filtered);
        assertTrue(filtered.contains("skipped 1 whose reason does not contain 'bug'"), filtered);
        assertTrue(filtered.contains("skipped 1 without a dead-letter-topic header"), filtered);

        List<ConsumerRecord<String, byte[]>> back = KafkaRecords.await(
                LocalKafka.bootstrapServers(), origin, r -> true, 2, java.time.Duration.ofSeconds(30));
        assertEquals(
                List.of("run-0", "run-1"),
                back.stream().map(ConsumerRecord::key).sorted().toList());
        for (ConsumerRecord<String, byte[]> record : back) {
            assertEquals("payload of " + record.key(), new String(record.value(), StandardCharsets.UTF_8));
            assertEquals(
                    "dev.ratchet.metrics.logged.v1",
                    new String(record.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8));
            assertNull(record.headers().lastHeader("dead-letter-reason"), "the dead-letter headers are dropped");
        }

        String again = run("events", "replay", dlq, "--kafka", LocalKafka.bootstrapServers());
        assertTrue(again.startsWith("replayed 0 records from " + dlq), "the group remembers: " + again);
        String everything =
                run("events", "replay", dlq, "--from-beginning", "--dry-run", "--kafka", LocalKafka.bootstrapServers());
        assertTrue(everything.startsWith("would replay 3 records"), everything);
    }

    private static ProducerRecord<String, byte[]> deadLetter(String dlq, String origin, String key, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_type", "dev.ratchet.metrics.logged.v1".getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-topic", origin.getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-partition", "0".getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(dlq, null, key, ("payload of " + key).getBytes(StandardCharsets.UTF_8), headers);
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = RatchetCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        int code = cli.execute(args);
        assertEquals(0, code, String.join(" ", args) + ": " + out);
        return out.toString();
    }
}
