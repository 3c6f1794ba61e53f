package dev.ratchet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hipparchus.distribution.continuous.NormalDistribution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Ratchet's samplers against Optuna's, seed for seed in number: Optuna's per-seed regrets come from
 * a file written by optuna_reference.py --csv; Ratchet's are measured here with as many seeds. Per
 * function, sampler and budget, a one-sided Mann–Whitney U test (normal approximation)
 * asks whether Ratchet's regrets run higher (worse) or lower (better) than Optuna's: medians over a
 * few seeds swing either way, so "at least as good" is read as "not significantly worse". With dozens
 * of cells some fall below alpha by chance alone, so the summary also counts the cells that stay
 * worse under Holm's family-wise correction.
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = "Ratchet's samplers against Optuna's per-seed regrets (optuna_reference.py --csv).")
class OptunaComparison implements Callable<Integer> {
    @Option(names = "--optuna", description = "Optuna's per-seed regrets (default: ${DEFAULT-VALUE})")
    Path optuna = Path.of("benchmarks/sampler-quality/optuna-3.1-regrets.csv");

    @Option(
            names = "--first-seed",
            description =
                    "Ratchet's first seed; a second set of seeds confirms a verdict" + " (default: ${DEFAULT-VALUE})")
    long firstSeed = 1;

    @Option(names = "--functions", split = ",", description = "only these functions, by name (e.g. Branin)")
    List<String> functions;

    @Option(names = "--alpha", description = "significance level (default: ${DEFAULT-VALUE})")
    double alpha = 0.05;

    @Override
    public Integer call() throws IOException {
        // function → sampler → budget → regrets
        Map<String, Map<String, Map<Integer, List<Double>>>> reference = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(optuna);
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            reference
                    .computeIfAbsent(cells[0], f -> new LinkedHashMap<>())
                    .computeIfAbsent(cells[1], s -> new LinkedHashMap<>())
                    .computeIfAbsent(Integer.parseInt(cells[3]), b -> new ArrayList<>())
                    .add(Double.parseDouble(cells[4]));
        }
        System.out.printf("Machine: %s; Optuna's regrets from %s%n%n", SamplerQuality.machine(), optuna);
        System.out.println("| function | sampler | budget | seeds | Ratchet median [IQR] | Optuna 3.1 median [IQR]"
                + " | p (Ratchet worse) | p (Ratchet better) | verdict |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        List<Double> pValuesWorse = new ArrayList<>();
        for (var function : reference.entrySet()) {
            if (functions != null && !functions.contains(function.getKey())) {
                continue;
            }
            TestFunction f = TestFunction.all().stream()
                    .filter(t -> t.name().equals(function.getKey()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no test function " + function.getKey()));
            for (var sampler : function.getValue().entrySet()) {
                int[] budgets = sampler.getValue().keySet().stream()
                        .mapToInt(Integer::intValue)
                        .sorted()
                        .toArray();
                int seeds = sampler.getValue().get(budgets[0]).size();
                double[][] ratchet = SamplerQuality.regrets(
                        f, SamplerQuality.samplers().get(sampler.getKey()), budgets, seeds, firstSeed);
                for (int b = 0; b < budgets.length; b++) {
                    double[] theirs = sampler.getValue().get(budgets[b]).stream()
                            .mapToDouble(Double::doubleValue)
                            .toArray();
                    double[] ours = ratchet[b];
                    double pWorse = oneSided(ours, theirs);
                    double pBetter = oneSided(theirs, ours);
                    String verdict = pWorse < alpha ? "worse" : pBetter < alpha ? "better" : "level";
                    pValuesWorse.add(pWorse);
                    System.out.printf(
                            Locale.ROOT,
                            "| %s | %s | %d | %d | %s | %s | %.3f | %.3f | %s |%n",
                            f.name(),
                            sampler.getKey(),
                            budgets[b],
                            seeds,
                            SamplerQuality.medianAndIqr(ours.clone()),
                            SamplerQuality.medianAndIqr(theirs.clone()),
                            pWorse,
                            pBetter,
                            verdict);
                }
            }
        }
        double[] p = pValuesWorse.stream().mapToDouble(Double::doubleValue).toArray();
        long worse = Arrays.stream(p).filter(v -> v < alpha).count();
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "%d of %d cells significantly worse at alpha %s each (equal samplers would show"
                        + " about %.1f by chance); after Holm's correction over the %d cells: %d.%n",
                worse,
                p.length,
                alpha,
                alpha * p.length,
                p.length,
                holmRejections(p, alpha));
        return 0;
    }

    /**
     * How many of these p-values Holm's step-down procedure rejects at family-wise level alpha: the
     * i-th smallest (from 0) is rejected while it is at most alpha / (m − i).
     */
    static int holmRejections(double[] pValues, double alpha) {
        double[] sorted = pValues.clone();
        Arrays.sort(sorted);
        int rejected = 0;
        while (rejected < sorted.length && sorted[rejected] <= alpha / (sorted.length - rejected)) {
            rejected++;
        }
        return rejected;
    }

    /**
     * The one-sided p-value that x runs higher than y: Mann–Whitney's U with the normal approximation
     * and continuity correction, as scipy's {@code mannwhitneyu(x, y, alternative="greater",
     * method="asymptotic")} (regrets are continuous: no tie correction).
     */
    static double oneSided(double[] x, double[] y) {
        double u = 0;
        for (double a : x) {
            for (double b : y) {
                u += a > b ? 1 : a == b ? 0.5 : 0;
            }
        }
        double n1 = x.length;
        double n2 = y.length;
        double sd = Math.sqrt(n1 * n2 * (n1 + n2 + 1) / 12);
        return 1 - new NormalDistribution().cumulativeProbability((u - n1 * n2 / 2 - 0.5) / sd);
    }
}
