package dev.ratchet.cli;

import com.google.protobuf.Timestamp;
import dev.ratchet.contract.events.CloudEvent;
import dev.ratchet.contract.events.EventCodec;
import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.events.v1.MetricPoint;
import dev.ratchet.events.v1.MetricsLogged;
import dev.ratchet.tracking.v1.GetMetricHistoryRequest;
import dev.ratchet.tracking.v1.GetMetricHistoryResponse;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ratchet metrics send | history}. */
@Command(
        name = "metrics",
        mixinStandardHelpOptions = true,
        description = "Log and read metric series.",
        subcommands = {MetricsCommand.Send.class, MetricsCommand.History.class})
class MetricsCommand {
    /** The context names users type, mapped onto the enum. */
    enum Context {
        train(MetricContext.METRIC_CONTEXT_TRAIN),
        validation(MetricContext.METRIC_CONTEXT_VALIDATION),
        test(MetricContext.METRIC_CONTEXT_TEST),
        any(MetricContext.METRIC_CONTEXT_UNSPECIFIED);

        final MetricContext proto;

        Context(MetricContext proto) {
            this.proto = proto;
        }
    }

    @Command(
            name = "send",
            mixinStandardHelpOptions = true,
            description = "Publish a MetricsLogged event to Kafka, as a training job would: one point per value, "
                    + "at steps first-step, first-step+1, ...")
    static class Send extends ServiceCommand {
        @Parameters(index = "0", paramLabel = "RUN_ID", description = "the run's id")
        String runId;

        @Option(names = "--key", required = true, description = "the metric's name, e.g. loss")
        String key;

        @Option(names = "--context", defaultValue = "train", description = "train, validation or test")
        Context context;

        @Option(names = "--first-step", defaultValue = "0", description = "the step of the first value")
        long firstStep;

        @Option(names = "--values", required = true, split = ",", description = "comma-separated values")
        List<Double> values;

        @Override
        public void run() {
            Instant now = Instant.now();
            MetricsLogged.Builder batch = MetricsLogged.newBuilder().setRunId(runId);
            for (int i = 0; i < values.size(); i++) {
                batch.addPoints(MetricPoint.newBuilder()
                        .setKey(key)
                        .setContext(context.proto)
                        .setStep(firstStep + i)
                        .setValue(values.get(i))
                        .setTimestamp(Timestamp.newBuilder()
                                .setSeconds(now.getEpochSecond())
                                .setNanos(now.getNano())));
            }
            CloudEvent event = CloudEvent.create("ratchet-cli", runId, batch.build());
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafka);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
            try (KafkaProducer<String, byte[]> producer =
                    new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
                producer.send(EventCodec.record(event)).get();
            } catch (Exception e) {
                throw new IllegalStateException(
                        "could not publish to Kafka at " + endpoints.kafka + ": " + e.getMessage(), e);
            }
            out().printf("sent %d points of %s (event %s)%n", values.size(), key, event.id());
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "Print a metric's points.")
    static class History extends TableCommand {
        @Parameters(index = "0", paramLabel = "RUN_ID", description = "the run's id")
        String runId;

        @Parameters(index = "1", paramLabel = "KEY", description = "the metric's name")
        String key;

        @Option(names = "--context", defaultValue = "any", description = "train, validation, test or any")
        Context context;

        @Option(
                names = "--max-points",
                defaultValue = "0",
                description = "downsample longer series to this many points (0: the service's default, 10000)")
        int maxPoints;

        @Override
        public void run() {
            GetMetricHistoryResponse history =
                    endpoints.tracking(tracking -> tracking.getMetricHistory(GetMetricHistoryRequest.newBuilder()
                            .setRunId(runId)
                            .setKey(key)
                            .setContext(context.proto)
                            .setMaxPoints(maxPoints)
                            .build()));
            PrintWriter out = out();
            if (printedJson(history)) {
                return;
            }
            out.printf("step        value        context%n");
            history.getPointsList()
                    .forEach(p -> out.printf(
                            "%-11d %-12.6g %s%n",
                            p.getStep(),
                            p.getValue(),
                            p.getContext().name().replace("METRIC_CONTEXT_", "").toLowerCase()));
            if (history.getDownsampled()) {
                out.printf("(downsampled: %d of %d points)%n", history.getPointsCount(), history.getTotalPoints());
            }
            history.getPointsList().stream()
                    .collect(Collectors.groupingBy(MetricPoint::getContext, TreeMap::new, Collectors.toList()))
                    .forEach((pointContext, points) -> out.printf(
                            "%-11s %s  %.6g .. %.6g%n",
                            pointContext.name().replace("METRIC_CONTEXT_", "").toLowerCase(),
                            Sparkline.of(
                                    points.stream()
                                            .mapToDouble(MetricPoint::getValue)
                                            .toArray(),
                                    60),
                            points.stream()
                                    .mapToDouble(MetricPoint::getValue)
                                    .min()
                                    .orElse(Double.NaN),
                            points.stream()
                                    .mapToDouble(MetricPoint::getValue)
                                    .max()
                                    .orElse(Double.NaN)));
        }
    }
}
