package dev.ratchet.bench;

import dev.ratchet.orchestrator.search.CmaEsSampler;
import dev.ratchet.orchestrator.search.EvolutionarySampler;
import dev.ratchet.orchestrator.search.RandomSampler;
import dev.ratchet.orchestrator.search.Sampler;
import dev.ratchet.orchestrator.search.SobolSampler;
import dev.ratchet.orchestrator.search.TpeSampler;
import dev.ratchet.orchestrator.search.Trial;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Median regret (best value found − known minimum) and its IQR over seeds, per budget, for each
 * sampler on each test function; then TPE's suggestion time after 1,000 and 5,000 of its own trials.
 */
@Command(
        name = "sampler-quality",
        mixinStandardHelpOptions = true,
        subcommands = {StudyRoundTrip.class, OptunaComparison.class},
        description = "Regret of the orchestrator's samplers on standard test functions.")
public class SamplerQuality implements Callable<Integer> {
    static final int[] BUDGETS = {25, 50, 100, 200};

    @Option(names = "--seeds", description = "seeds per sampler and function (default: ${DEFAULT-VALUE})")
    int seeds = 20;

    @Option(names = "--first-seed", description = "the first of the consecutive seeds (default: ${DEFAULT-VALUE})")
    long firstSeed = 1;

    @Option(names = "--functions", split = ",", description = "only these functions, by name (e.g. Branin)")
    List<String> functions;

    @Option(names = "--samplers", split = ",", description = "only these samplers, by name (e.g. TPE)")
    List<String> only;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SamplerQuality()).execute(args));
    }

    /** The samplers by the names the tables use. */
    static Map<String, LongFunction<Sampler>> samplers() {
        Map<String, LongFunction<Sampler>> samplers = new LinkedHashMap<>();
        samplers.put("random", RandomSampler::new);
        samplers.put("Sobol (QMC)", SobolSampler::new);
        samplers.put("TPE", seed -> new TpeSampler(seed, false));
        samplers.put("TPE multivariate", seed -> new TpeSampler(seed, true));
        samplers.put("CMA-ES", CmaEsSampler::new);
        samplers.put("evolutionary", EvolutionarySampler::new);
        return samplers;
    }

    /** The machine and the day, for a result's heading. */
    static String machine() throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            String cpu = lines.filter(l -> l.startsWith("model name"))
                    .findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .orElse("unknown CPU");
            return String.format(
                    "%d cores (%s), Java %s, %s",
                    Runtime.getRuntime().availableProcessors(),
                    cpu,
                    System.getProperty("java.version"),
                    LocalDate.now());
        }
    }

    /** Each seed's regret (best found − minimum) after each budget: [budget][seed], seeds first, first + 1, …. */
    static double[][] regrets(
            TestFunction function, LongFunction<Sampler> sampler, int[] budgets, int seeds, long first) {
        double[][] regrets = new double[budgets.length][seeds];
        for (int s = 0; s < seeds; s++) {
            double[] bestSoFar = run(function, sampler.apply(first + s), budgets[budgets.length - 1]);
            for (int b = 0; b < budgets.length; b++) {
                regrets[b][s] = bestSoFar[budgets[b] - 1] - function.minimum();
            }
        }
        return regrets;
    }

    /** "median [IQR]" of the values (sorted in place). */
    static String medianAndIqr(double[] values) {
        Arrays.sort(values);
        return String.format(
                Locale.ROOT,
                "%.3g [%.3g, %.3g]",
                quantile(values, 0.5),
                quantile(values, 0.25),
                quantile(values, 0.75));
    }

    @Override
    public Integer call() throws Exception {
        Map<String, LongFunction<Sampler>> samplers = samplers();
        System.out.printf("Machine: %s; %d seeds per cell; median regret [IQR]%n%n", machine(), seeds);
        System.out.println("| function | sampler | @25 | @50 | @100 | @200 |");
        System.out.println("|---|---|---|---|---|---|");
        for (TestFunction function : TestFunction.all()) {
            if (functions != null && !functions.contains(function.name())) {
                continue;
            }
            for (Map.Entry<String, LongFunction<Sampler>> sampler : samplers.entrySet()) {
                if (only != null && !only.contains(sampler.getKey())) {
                    continue;
                }
                StringBuilder row = new StringBuilder("| " + function.name() + " | " + sampler.getKey() + " |");
                for (double[] r : regrets(function, sampler.getValue(), BUDGETS, seeds, firstSeed)) {
                    row.append(' ').append(medianAndIqr(r)).append(" |");
                }
                System.out.println(row);
            }
        }
        if (functions == null && only == null) {
            System.out.println();
            suggestionTime();
        }
        return 0;
    }

    /** The best value found after each trial. */
    private static double[] run(TestFunction function, Sampler sampler, int trials) {
        List<Trial> completed = new ArrayList<>();
        double[] best = new double[trials];
        double bestValue = Double.POSITIVE_INFINITY;
        for (int n = 0; n < trials; n++) {
            Map<String, Object> params = sampler.suggest(function.space(), completed, n);
            double value = function.f().applyAsDouble(params);
            completed.add(new Trial(n, params, value));
            bestValue = Math.min(bestValue, value);
            best[n] = bestValue;
        }
        return best;
    }

    /**
     * TPE's time for one suggestion on Hartmann-6 after 1,000 and 5,000 completed trials of its own
     * (median of 20): a TPE history packs thousands of kernels near the optimum, where the
     * candidates fall, so it costs more than a history of random trials would.
     */
    private static void suggestionTime() {
        TestFunction function = TestFunction.hartmann6();
        System.out.println("| TPE suggestion, Hartmann-6 (6 floats), after the sampler's own trials | univariate"
                + " | multivariate | target (issue) |");
        System.out.println("|---|---|---|---|");
        int[] histories = {1000, 5000};
        String[][] cells = new String[histories.length][2];
        for (int m = 0; m < 2; m++) {
            List<Trial> completed = new ArrayList<>();
            TpeSampler study = new TpeSampler(7, m == 1);
            for (int n = 0; n < histories[histories.length - 1]; n++) {
                Map<String, Object> p = study.suggest(function.space(), completed, n);
                completed.add(new Trial(n, p, function.f().applyAsDouble(p)));
            }
            for (int h = 0; h < histories.length; h++) {
                List<Trial> history = completed.subList(0, histories[h]);
                TpeSampler tpe = new TpeSampler(3, m == 1);
                double[] millis = new double[20];
                for (int i = -5; i < millis.length; i++) {
                    long start = System.nanoTime();
                    tpe.suggest(function.space(), history, histories[h] + i + 5);
                    if (i >= 0) {
                        millis[i] = (System.nanoTime() - start) / 1e6;
                    }
                }
                Arrays.sort(millis);
                cells[h][m] = String.format(Locale.ROOT, "median %.2f ms", quantile(millis, 0.5));
            }
        }
        for (int h = 0; h < histories.length; h++) {
            System.out.printf(
                    "| %,d completed trials | %s | %s | %s |%n",
                    histories[h], cells[h][0], cells[h][1], histories[h] == 5000 ? "< 10 ms" : "—");
        }
    }

    static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(lower + 1, sorted.length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }
}
