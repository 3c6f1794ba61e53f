package dev.ratchet.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.ratchet.common.events.CloudEvent;
import dev.ratchet.common.events.EventCodec;
import dev.ratchet.common.events.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ratchet events tail}: the CloudEvents on Ratchet's topics, decoded. */
@Command(name = "events", mixinStandardHelpOptions = true, description = "Read Ratchet's events from Kafka.",
        subcommands = EventsCommand.Tail.class)
class EventsCommand {

    @Command(name = "tail", mixinStandardHelpOptions = true,
            description = "Print events as they arrive (time, type, subject, data); --from-beginning for the history. "
                    + "Reads without a consumer group, so it moves no service's offsets.")
    static class Tail implements Runnable {
        private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();

        @Mixin
        Endpoints endpoints;

        @Mixin
        Output output;

        @Spec
        CommandSpec spec;

        @Option(names = "--topic", split = ",", description = "topics (default: ratchet.runs, ratchet.metrics, "
                + "ratchet.evaluations, ratchet.studies)")
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
            PrintWriter out = spec.commandLine().getOut();
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = topics.stream().flatMap(t -> consumer.partitionsFor(t).stream())
                        .map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toList());
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
                    if (idle != null && Duration.between(lastEvent, Instant.now()).compareTo(idle) > 0) {
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
                out.printf("%s-%d@%d  not a Ratchet event: %s%n", record.topic(), record.partition(), record.offset(),
                        e.getMessage());
                return;
            }
            try {
                String data = JSON.print(event.data());
                if (output.json()) {
                    out.printf("{\"id\":\"%s\",\"type\":\"%s\",\"source\":\"%s\",\"subject\":\"%s\",\"time\":\"%s\","
                                    + "\"topic\":\"%s\",\"data\":%s}%n", event.id(), event.type().ceType(), event.source(),
                            event.subject(), event.time(), record.topic(), data);
                } else {
                    out.printf("%s  %-40s %s  %s%n", event.time(), event.type().ceType(), event.subject(), data);
                }
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
