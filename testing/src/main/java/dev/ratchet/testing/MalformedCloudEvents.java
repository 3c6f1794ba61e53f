package dev.ratchet.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Records a careless producer writes: a valid CloudEvent (binary mode) with one attribute broken
 * at a time — each must be dead-lettered by every consumer with its reason, and must not stop the
 * consumer. Built from a valid record so each case differs from it in exactly one way.
 */
public final class MalformedCloudEvents {
    private MalformedCloudEvents() {}

    /** One broken record and what is wrong with it. */
    public record Case(String name, ProducerRecord<String, byte[]> record) {}

    /**
     * The cases, on the valid record's partition (so a valid event sent after them proves the
     * partition was not stopped), each keyed by {@code keyPrefix + case index} (so a test can find it in the
     * dead-letter topic), except the null-key case, which is found by its {@code ce_id}.
     */
    /** Whether a record (read back from a dead-letter topic) is one of the cases made with this prefix. */
    public static boolean isCase(ConsumerRecord<String, byte[]> record, String keyPrefix) {
        if (record.key() != null) {
            return record.key().startsWith(keyPrefix);
        }
        Header id = record.headers().lastHeader("ce_id");
        return id != null && new String(id.value(), StandardCharsets.UTF_8).equals(keyPrefix + "null-key");
    }

    public static List<Case> of(ProducerRecord<String, byte[]> valid, String keyPrefix) {
        List<Case> cases = new ArrayList<>();
        String[][] badValues = {
            {"ce_source", "training job"},
            {"ce_source", "C:\\jobs\\train"},
            {"ce_source", ""},
            {"ce_id", ""},
            {"ce_type", "dev.ratchet.no.such.event.v1"},
            {"ce_specversion", "0.3"},
            {"ce_time", "yesterday"},
            {"ce_time", "2026-13-45T99:00:00Z"},
            {"content-type", "application/json"},
            {"ce_subject", ""},
        };
        for (String[] bad : badValues) {
            cases.add(variant(
                    valid,
                    keyPrefix,
                    cases.size(),
                    bad[0] + "='" + bad[1] + "'",
                    headers -> replace(headers, bad[0], bad[1].getBytes(StandardCharsets.UTF_8))));
        }
        for (String header : List.of("ce_id", "ce_type", "ce_source", "ce_specversion", "ce_time", "ce_subject")) {
            cases.add(variant(valid, keyPrefix, cases.size(), "no " + header, headers -> headers.remove(header)));
        }
        for (String header : List.of("ce_id", "ce_type", "ce_source", "ce_time")) {
            cases.add(variant(
                    valid,
                    keyPrefix,
                    cases.size(),
                    "two " + header + " headers",
                    headers -> headers.add(header, headers.lastHeader(header).value())));
        }
        cases.add(variant(
                valid,
                keyPrefix,
                cases.size(),
                "ce_source not UTF-8",
                headers -> replace(headers, "ce_source", new byte[] {(byte) 0xC3, (byte) 0x28})));
        cases.add(variant(
                valid,
                keyPrefix,
                cases.size(),
                "ce_id with a NUL",
                headers -> replace(headers, "ce_id", "a\0b".getBytes(StandardCharsets.UTF_8))));
        String key = keyPrefix + cases.size();
        cases.add(new Case(
                "a null value",
                new ProducerRecord<>(valid.topic(), valid.partition(), key, null, copy(valid.headers()))));
        Headers nullKeyHeaders = copy(valid.headers());
        replace(nullKeyHeaders, "ce_id", (keyPrefix + "null-key").getBytes(StandardCharsets.UTF_8));
        cases.add(new Case(
                "a null key",
                new ProducerRecord<>(valid.topic(), valid.partition(), (String) null, valid.value(), nullKeyHeaders)));
        return cases;
    }

    private static Case variant(
            ProducerRecord<String, byte[]> valid, String keyPrefix, int index, String name, Consumer<Headers> change) {
        Headers headers = copy(valid.headers());
        change.accept(headers);
        return new Case(
                name,
                new ProducerRecord<>(valid.topic(), valid.partition(), keyPrefix + index, valid.value(), headers));
    }

    private static Headers copy(Headers headers) {
        RecordHeaders copy = new RecordHeaders();
        for (Header header : headers) {
            copy.add(header.key(), header.value());
        }
        return copy;
    }

    private static void replace(Headers headers, String key, byte[] value) {
        headers.remove(key);
        headers.add(key, value);
    }
}
