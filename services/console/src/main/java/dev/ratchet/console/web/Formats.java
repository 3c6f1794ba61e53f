package dev.ratchet.console.web;

import com.google.protobuf.ProtocolMessageEnum;
import com.google.protobuf.Timestamp;
import dev.ratchet.events.v1.MetricValue;
import dev.ratchet.events.v1.ParamValue;
import dev.ratchet.tracking.v1.ArtifactInfo;
import dev.ratchet.tracking.v1.Run;
import io.quarkus.qute.TemplateExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How values read in the templates: times in UTC, numbers to four significant digits, enums as words. */
@TemplateExtension
public final class Formats {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Formats() {}

    /** "2026-12-02 20:31:02 UTC"; empty when unset. */
    public static String time(Timestamp timestamp) {
        if (timestamp == null || (timestamp.getSeconds() == 0 && timestamp.getNanos() == 0)) {
            return "";
        }
        return TIME.format(Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos()));
    }

    /** A number as people read it: 0.8123, 1.235e-05, 12,345. */
    public static String num(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "∞" : "−∞";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1e-3 && magnitude < 1e6) {
            return String.format(Locale.ROOT, "%.4g", value)
                    .replaceAll("(\\.\\d*?)0+$", "$1")
                    .replaceAll("\\.$", "");
        }
        return String.format(Locale.ROOT, "%.3e", value);
    }

    /** An enum constant without its type prefix, in lower case: RUN_STATUS_FINISHED → "finished". */
    public static String word(ProtocolMessageEnum value) {
        String name = ((Enum<?>) value).name();
        String prefix = camelToUpperSnake(value.getDescriptorForType().getName()) + "_";
        String rest = name.startsWith(prefix) ? name.substring(prefix.length()) : name;
        return rest.toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** Text that is a long decimal number shortened to four significant digits; other text as it is. */
    public static String shortNumber(String text) {
        if (text.length() <= 8 || !text.matches("-?\\d*\\.\\d+([eE][-+]?\\d+)?")) {
            return text;
        }
        return num(Double.parseDouble(text));
    }

    /** A typed param as written: 0.001, 32, gini, true. */
    public static String text(ParamValue value) {
        return switch (value.getValueCase()) {
            case DOUBLE_VALUE -> num(value.getDoubleValue());
            case INT_VALUE -> Long.toString(value.getIntValue());
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            default -> "";
        };
    }

    /** The length of a bar for a share in [0, 1], in pixels of {@code width}. */
    public static long bar(double share, int width) {
        return Double.isFinite(share) ? Math.round(Math.max(0, Math.min(1, share)) * width) : 0;
    }

    /**
     * A metric's interval drawn on [0, 1] as a small SVG: the interval as a bar, the value as a tick.
     * Empty for values outside [0, 1] (a log loss) or without an interval.
     */
    public static String intervalPlot(MetricValue metric) {
        if (!metric.hasInterval()
                || metric.getValue() < 0
                || metric.getValue() > 1
                || !Double.isFinite(metric.getInterval().getLower())
                || !Double.isFinite(metric.getInterval().getUpper())) {
            return "";
        }
        int width = 160;
        long lower = Math.round(Math.max(0, metric.getInterval().getLower()) * width);
        long upper = Math.round(Math.min(1, metric.getInterval().getUpper()) * width);
        long value = Math.round(metric.getValue() * width);
        return "<svg class=\"interval\" width=\"" + (width + 2) + "\" height=\"12\" role=\"img\"><line x1=\"1\" x2=\""
                + (width + 1) + "\" y1=\"6\" y2=\"6\" stroke=\"#e4e7ec\"/><rect x=\"" + (lower + 1)
                + "\" y=\"3\" width=\""
                + Math.max(1, upper - lower) + "\" height=\"6\" fill=\"#9db9f0\"/><rect x=\"" + value
                + "\" y=\"0\" width=\"2\""
                + " height=\"12\" fill=\"#1d2330\"/></svg>";
    }

    /** A metric value with its interval: "0.8123 [0.79, 0.83]". */
    public static String withInterval(MetricValue metric) {
        return metric.hasInterval()
                ? num(metric.getValue()) + " [" + num(metric.getInterval().getLower()) + ", "
                        + num(metric.getInterval().getUpper()) + "]"
                : num(metric.getValue());
    }

    /** The named metric of a list, with its interval; empty when absent. */
    public static String metric(java.util.List<MetricValue> metrics, String name) {
        return metrics.stream()
                .filter(m -> m.getName().equals(name))
                .findFirst()
                .map(Formats::withInterval)
                .orElse("");
    }

    /** A run's name, or the start of its id when it has none. */
    public static String label(Run run) {
        return run.getName().isBlank()
                ? run.getRunId().substring(0, Math.min(8, run.getRunId().length()))
                : run.getName();
    }

    /** Text for inside a JavaScript string literal in a template (Qute escapes for HTML only). */
    public static String js(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"', '\\', '\'' -> out.append('\\').append(c);
                case '<' -> out.append("\\u003c");
                case '\n' -> out.append("\\n");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.toString();
    }

    /** Text as a query parameter's value. */
    public static String url(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A '/'-separated path with each segment percent-encoded, for an address. */
    public static String urlPath(String path) {
        return java.util.Arrays.stream(path.split("/", -1))
                .map(segment -> java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8)
                        .replace("+", "%20"))
                .collect(java.util.stream.Collectors.joining("/"));
    }

    /** Whether the console shows the artifact's text in the page (text, JSON, CSV, logs). */
    public static boolean previewable(ArtifactInfo artifact) {
        String type = artifact.getContentType();
        String path = artifact.getPath().toLowerCase(Locale.ROOT);
        return type.startsWith("text/")
                || type.contains("json")
                || type.contains("csv")
                || path.matches(".*\\.(txt|log|json|csv|tsv|md|yaml|yml)$");
    }

    /** A duration between two times as "3 min 12 s"; empty when either is unset. */
    public static String since(Timestamp from, Timestamp to) {
        if (time(from).isEmpty() || time(to).isEmpty()) {
            return "";
        }
        return duration(Duration.ofSeconds(to.getSeconds() - from.getSeconds()));
    }

    /** How long until this time: "2 d 3 h left", or "ended" once it has passed. */
    public static String timeLeft(Timestamp deadline) {
        Duration left = Duration.between(Instant.now(), Instant.ofEpochSecond(deadline.getSeconds()));
        return left.isNegative() ? "ended" : duration(left) + " left";
    }

    public static String duration(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
        }
        return seconds / 86_400 + " d " + seconds % 86_400 / 3600 + " h";
    }

    static String camelToUpperSnake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }
}
