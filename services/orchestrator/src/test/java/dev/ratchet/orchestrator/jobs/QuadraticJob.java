package dev.ratchet.orchestrator.jobs;

import dev.ratchet.contract.events.CloudEvent;
import dev.ratchet.contract.events.EventCodec;
import dev.ratchet.events.v1.MetricContext;
import dev.ratchet.events.v1.MetricPoint;
import dev.ratchet.events.v1.MetricsLogged;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A training job for the orchestrator's tests, run as its own process: "trains" for STEPS steps
 * with validation loss (x − 2)² + 1/(step + 1), published as MetricsLogged to Kafka (the path for
 * producers in any language), and diverges — exit status 3 — for x > 4.5.
 * Parameters arrive as {@code --name=value}; the broker and pace come from its environment.
 */
public final class QuadraticJob {
    public static final int STEPS = 10;

    private QuadraticJob() {}

    public static double loss(double x, int step) {
        return (x - 2) * (x - 2) + 1.0 / (step + 1);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> params = new HashMap<>();
        for (String arg : args) {
            String[] kv = arg.substring(2).split("=", 2);
            params.put(kv[0], kv[1]);
        }
        double x = Double.parseDouble(params.get("x"));
        String runId = System.getenv("RATCHET_RUN_ID");
        long stepMillis = Long.parseLong(System.getenv().getOrDefault("STEP_MILLIS", "50"));
        System.out.println("training run " + runId + " with x=" + x);
        if (x > 4.5) {
            System.err.println("diverged: the loss is NaN at x=" + x);
            System.exit(3);
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getenv("KAFKA_BOOTSTRAP"));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (int step = 0; step < STEPS; step++) {
                MetricsLogged logged = MetricsLogged.newBuilder()
                        .setRunId(runId)
                        .addPoints(MetricPoint.newBuilder()
                                .setKey("loss")
                                .setStep(step)
                                .setValue(99)
                                .setContext(MetricContext.METRIC_CONTEXT_TRAIN))
                        .addPoints(MetricPoint.newBuilder()
                                .setKey("loss")
                                .setStep(step)
                                .setValue(loss(x, step))
                                .setContext(MetricContext.METRIC_CONTEXT_VALIDATION))
                        .build();
                producer.send(EventCodec.record(CloudEvent.create("quadratic-job", runId, logged)))
                        .get();
                System.out.println("step " + step + " loss " + loss(x, step));
                Thread.sleep(stepMillis);
            }
        }
    }
}
