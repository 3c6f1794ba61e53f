package dev.ratchet.contract.events;

import dev.ratchet.contract.messages.MessageRules;
import dev.ratchet.events.v1.MetricPoint;
import dev.ratchet.events.v1.MetricsLogged;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * Fuzzing the CloudEvent decoder: records whose headers are valid, mutated, repeated, missing or
 * random bytes, and whose value is a valid payload, a mutated one or noise. The decoder either
 * returns an event (whose payload the message rules can walk) or refuses it with
 * InvalidEventException; anything else thrown is a crash. Seeded; -Pfuzz runs 10^6 inputs.
 */
class EventCodecFuzzTest {
    private static final byte[] VALID = MetricsLogged.newBuilder()
            .setRunId("r")
            .addPoints(MetricPoint.newBuilder().setKey("loss").setStep(3).setValue(0.5))
            .build()
            .toByteArray();
    private static final List<String> KEYS =
            List.of("ce_specversion", "ce_id", "ce_type", "ce_source", "ce_subject", "ce_time", "content-type");

    @Property(seed = "20261202")
    void aRecordIsDecodedOrRefusedNeverCrashes(
            @ForAll("headers") RecordHeaders headers, @ForAll("values") byte[] value, @ForAll("keys") String key) {
        try {
            CloudEvent event = EventCodec.decode(new ConsumerRecord<>(
                    "ratchet.metrics",
                    0,
                    0L,
                    0L,
                    TimestampType.CREATE_TIME,
                    0,
                    0,
                    key,
                    value,
                    headers,
                    Optional.empty()));
            MessageRules.problem(event.data());
        } catch (InvalidEventException refused) {
            // a clear refusal: the record goes to the dead-letter topic with this reason
        }
    }

    @Provide
    Arbitrary<RecordHeaders> headers() {
        Arbitrary<byte[]> good = Arbitraries.of(
                        "1.0",
                        "dev.ratchet.metrics.logged.v1",
                        "dev.ratchet.run.started.v1",
                        "trainer",
                        "/jobs/train",
                        "run-1",
                        "2026-01-31T12:00:00Z",
                        "2026-01-31T13:00:00.5+01:00",
                        "application/protobuf",
                        "8f1c0c8e-5a0e-4c55-b8ee-1a2b3c4d5e6f")
                .map(t -> t.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> text = Arbitraries.strings().ofMaxLength(40).map(t -> t.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        Arbitrary<byte[]> any = Arbitraries.frequencyOf(
                Tuple.of(6, good), Tuple.of(2, text), Tuple.of(1, noise), Tuple.of(1, Arbitraries.just((byte[]) null)));
        Arbitrary<String> key = Arbitraries.frequencyOf(
                Tuple.of(9, Arbitraries.of(KEYS)),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(12)));
        return Combinators.combine(key, any).as(Tuple::of).list().ofMaxSize(12).map(pairs -> {
            RecordHeaders headers = new RecordHeaders();
            pairs.forEach(p -> headers.add(p.get1(), p.get2()));
            return headers;
        });
    }

    @Provide
    Arbitrary<byte[]> values() {
        Arbitrary<byte[]> mutated = Arbitraries.integers()
                .between(0, VALID.length - 1)
                .flatMap(at -> Arbitraries.bytes().map(b -> {
                    byte[] copy = VALID.clone();
                    copy[at] = b;
                    return copy;
                }));
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(VALID)),
                Tuple.of(3, mutated),
                Tuple.of(2, Arbitraries.bytes().array(byte[].class).ofMaxSize(64)),
                Tuple.of(1, Arbitraries.just((byte[]) null)));
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just("run-1")),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(20)),
                Tuple.of(1, Arbitraries.just((String) null)));
    }
}
