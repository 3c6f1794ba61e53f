package dev.ratchet.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.ratchet.contract.events.CloudEvent;
import dev.ratchet.contract.events.EventCodec;
import dev.ratchet.contract.events.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ratchet events tail}: the CloudEvents on Ratchet's topics, decoded. */
@Command(
        name = "events",
        mixinStandardHelpOptions = true,
        description = "Read Ratchet's events from Kafka.",
        subcommands = {EventsCommand.Tail.class, EventsCommand.Replay.class})
class EventsCommand {
    @Command(
            name = "tail",
            mixinStandardHelpOptions = true,
            description = "Print events as they arrive (time, type, subject, data); --from-beginning for the history. "
                    + "Reads without a consumer group, so it moves no service's offsets.")
    static class Tail extends TableCommand {
        private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();

        @Option(
                names = "--topic",
                split = ",",
                description =
                        "topics (default: ratchet.runs, ratchet.metrics, " + "ratchet.evaluations, ratchet.studies)")
        List<String> topics = List.of(Topics.RUNS, Topics.METRICS, Topics.EVALUATIONS, Topics.STUDIES);

        @Option(names = "--from-beginning", description = "start at the oldest event, not the newest")
        boolean fromBeginning;

        @Option(names = "--max", defaultValue = "0", description = "stop after this many events (0: never)")
        long max;

        @Option(names = "--timeout", description = "stop after this long without an event, e.g. 10s (default: never)")
        String timeout;

        @Override
        public void run() {
            Duration idle = timeout == null ? null : ProtoFiles.duration(timeout, spec);
            Properties config = new Properties();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafka);
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            PrintWriter out = out();
            try (KafkaConsumer<String, byte[]> consumer =
                    new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = topics.stream()
                        .flatMap(t -> consumer.partitionsFor(t).stream())
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .collect(Collectors.toList());
                consumer.assign(partitions);
                if (fromBeginning) {
                    consumer.seekToBeginning(partitions);
                } else {
                    consumer.seekToEnd(partitions);
                }
                long seen = 0;
                Instant lastEvent = Instant.now();
                while (max == 0 || seen < max) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        print(record, out);
                        lastEvent = Instant.now();
                        if (++seen == max) {
                            break;
                        }
                    }
                    out.flush();
                    if (idle != null
                            && Duration.between(lastEvent, Instant.now()).compareTo(idle) > 0) {
                        break;
                    }
                }
            }
        }

        private void print(ConsumerRecord<String, byte[]> record, PrintWriter out) {
            CloudEvent event;
            try {
                event = EventCodec.decode(record.headers(), record.value());
            } catch (RuntimeException e) {
                out.printf(
                        "%s-%d@%d  not a Ratchet event: %s%n",
                        record.topic(), record.partition(), record.offset(), e.getMessage());
                return;
            }
            try {
                String data = JSON.print(event.data());
                if (output.json()) {
                    out.printf(
                            "{\"id\":\"%s\",\"type\":\"%s\",\"source\":\"%s\",\"subject\":\"%s\",\"time\":\"%s\","
                                    + "\"topic\":\"%s\",\"data\":%s}%n",
                            event.id(),
                            event.type().ceType(),
                            event.source(),
                            event.subject(),
                            event.time(),
                            record.topic(),
                            data);
                } else {
                    out.printf("%s  %-40s %s  %s%n", event.time(), event.type().ceType(), event.subject(), data);
                }
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Command(
            name = "replay",
            mixinStandardHelpOptions = true,
            description = "Send a dead-letter topic's records back to the topics they came from, once their cause "
                    + "is fixed. Each record goes back as it was (key, value, headers; the dead-letter-* headers "
                    + "dropped). The consumer group ratchet-replay-<topic> remembers what was replayed, so a second "
                    + "run sends only records dead-lettered since; consumers are idempotent, so a record they "
                    + "already processed changes nothing. Stops at the topic's end as it was when it started.")
    static class Replay extends ServiceCommand {
        static final String DEAD_LETTER_TOPIC = "dead-letter-topic";

        @Parameters(index = "0", paramLabel = "DLQ", description = "the dead-letter topic, e.g. ratchet.tracking.dlq")
        String topic;

        @Option(
                names = "--reason-contains",
                description = "only records whose dead-letter reason contains this "
                        + "text; the others are skipped (and remembered as seen)")
        String reasonContains;

        @Option(names = "--from-beginning", description = "every record of the topic, also those replayed before")
        boolean fromBeginning;

        @Option(names = "--dry-run", description = "count what would be replayed; send and remember nothing")
        boolean dryRun;

        @Override
        public void run() {
            Properties consumerConfig = new Properties();
            consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafka);
            consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "ratchet-replay-" + topic);
            consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            Properties producerConfig = new Properties();
            producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafka);
            producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
            producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            Map<String, Integer> replayed = new TreeMap<>();
            int skipped = 0;
            int unknownOrigin = 0;
            try (KafkaConsumer<String, byte[]> consumer =
                            new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
                    KafkaProducer<String, byte[]> producer =
                            new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .collect(Collectors.toList());
                consumer.assign(partitions);
                Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
                for (TopicPartition partition : partitions) {
                    OffsetAndMetadata done = committed.get(partition);
                    if (fromBeginning || done == null) {
                        consumer.seekToBeginning(List.of(partition));
                    } else {
                        consumer.seek(partition, done.offset());
                    }
                }
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                            continue; // dead-lettered after the start: the next run's
                        }
                        String origin = header(record, DEAD_LETTER_TOPIC);
                        String reason = header(record, "dead-letter-reason");
                        if (origin == null) {
                            unknownOrigin++;
                        } else if (reasonContains != null && (reason == null || !reason.contains(reasonContains))) {
                            skipped++;
                        } else {
                            if (!dryRun) {
                                producer.send(original(record, origin));
                            }
                            replayed.merge(origin, 1, Integer::sum);
                        }
                    }
                }
                if (!dryRun) {
                    producer.flush();
                    consumer.commitSync(end.entrySet().stream()
                            .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue()))));
                }
            }
            PrintWriter out = out();
            int total = replayed.values().stream().mapToInt(Integer::intValue).sum();
            out.printf(
                    "%s %d records from %s%s%n",
                    dryRun ? "would replay" : "replayed",
                    total,
                    topic,
                    replayed.isEmpty()
                            ? ""
                            : ": "
                                    + replayed.entrySet().stream()
                                            .map(e -> e.getValue() + " to " + e.getKey())
                                            .collect(Collectors.joining(", ")));
            if (skipped > 0) {
                out.printf("skipped %d whose reason does not contain '%s'%n", skipped, reasonContains);
            }
            if (unknownOrigin > 0) {
                out.printf(
                        "skipped %d without a %s header (not written by a dead-letter handler)%n",
                        unknownOrigin, DEAD_LETTER_TOPIC);
            }
        }

        /** The record as it was before it was dead-lettered. */
        private static ProducerRecord<String, byte[]> original(ConsumerRecord<String, byte[]> record, String origin) {
            RecordHeaders headers = new RecordHeaders();
            for (Header header : record.headers()) {
                if (!header.key().startsWith("dead-letter-")) {
                    headers.add(header);
                }
            }
            return new ProducerRecord<>(origin, null, record.key(), record.value(), headers);
        }

        private static String header(ConsumerRecord<String, byte[]> record, String key) {
            Header header = record.headers().lastHeader(key);
            return header == null || header.value() == null
                    ? null
                    : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
