package dev.ratchet.bench;

import dev.ratchet.orchestrator.search.Param;
import dev.ratchet.orchestrator.search.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** A minimisation benchmark: its search space, its function and its known minimum. */
record TestFunction(String name, SearchSpace space, ToDoubleFunction<Map<String, Object>> f, double minimum) {

    static List<TestFunction> all() {
        return List.of(
                branin(),
                hartmann6(),
                rosenbrock(4),
                ackley(5),
                mixed(),
                styblinskiTang(8),
                rastrigin(8),
                levy(10),
                ackley(20));
    }

    private static double x(Map<String, Object> p, String name) {
        return ((Number) p.get(name)).doubleValue();
    }

    private static SearchSpace box(int d, double low, double high) {
        List<Param> params = new ArrayList<>();
        for (int i = 0; i < d; i++) {
            params.add(new Param.FloatParam("x" + i, low, high, false, null));
        }
        return new SearchSpace(params);
    }

    /** Branin–Hoo on [−5, 10] × [0, 15]; minimum 0.397887 at three points. */
    static TestFunction branin() {
        SearchSpace space = new SearchSpace(List.of(
                new Param.FloatParam("x0", -5, 10, false, null), new Param.FloatParam("x1", 0, 15, false, null)));
        double b = 5.1 / (4 * Math.PI * Math.PI);
        double c = 5 / Math.PI;
        double t = 1 / (8 * Math.PI);
        return new TestFunction(
                "Branin",
                space,
                p -> {
                    double x1 = x(p, "x0");
                    double x2 = x(p, "x1");
                    return Math.pow(x2 - b * x1 * x1 + c * x1 - 6, 2) + 10 * (1 - t) * Math.cos(x1) + 10;
                },
                0.39788735772973816);
    }

    /** Hartmann 6-D on [0, 1]^6; minimum −3.32237. */
    static TestFunction hartmann6() {
        double[] alpha = {1.0, 1.2, 3.0, 3.2};
        double[][] a = {
            {10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14}, {3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14}
        };
        double[][] p = {
            {1312, 1696, 5569, 124, 8283, 5886},
            {2329, 4135, 8307, 3736, 1004, 9991},
            {2348, 1451, 3522, 2883, 3047, 6650},
            {4047, 8828, 8732, 5743, 1091, 381}
        };
        return new TestFunction(
                "Hartmann-6",
                box(6, 0, 1),
                params -> {
                    double sum = 0;
                    for (int i = 0; i < 4; i++) {
                        double inner = 0;
                        for (int j = 0; j < 6; j++) {
                            double xj = x(params, "x" + j);
                            inner += a[i][j] * Math.pow(xj - p[i][j] * 1e-4, 2);
                        }
                        sum += alpha[i] * Math.exp(-inner);
                    }
                    return -sum;
                },
                -3.322368011415515);
    }

    /** Rosenbrock on [−5, 10]^d; minimum 0 at (1, …, 1). */
    static TestFunction rosenbrock(int d) {
        return new TestFunction(
                "Rosenbrock-" + d,
                box(d, -5, 10),
                params -> {
                    double sum = 0;
                    for (int i = 0; i < d - 1; i++) {
                        double xi = x(params, "x" + i);
                        double next = x(params, "x" + (i + 1));
                        sum += 100 * Math.pow(next - xi * xi, 2) + Math.pow(1 - xi, 2);
                    }
                    return sum;
                },
                0);
    }

    /** Ackley on [−32.768, 32.768]^d; minimum 0 at the origin. */
    static TestFunction ackley(int d) {
        return new TestFunction(
                "Ackley-" + d,
                box(d, -32.768, 32.768),
                params -> {
                    double squares = 0;
                    double cosines = 0;
                    for (int i = 0; i < d; i++) {
                        double xi = x(params, "x" + i);
                        squares += xi * xi;
                        cosines += Math.cos(2 * Math.PI * xi);
                    }
                    return -20 * Math.exp(-0.2 * Math.sqrt(squares / d)) - Math.exp(cosines / d) + 20 + Math.E;
                },
                0);
    }

    /** Styblinski–Tang on [−5, 5]^d; minimum d · −39.16616570377141 at x_i = −2.903534. */
    static TestFunction styblinskiTang(int d) {
        return new TestFunction(
                "Styblinski-Tang-" + d,
                box(d, -5, 5),
                params -> {
                    double sum = 0;
                    for (int i = 0; i < d; i++) {
                        double xi = x(params, "x" + i);
                        sum += Math.pow(xi, 4) - 16 * xi * xi + 5 * xi;
                    }
                    return sum / 2;
                },
                d * -39.16616570377142);
    }

    /** Rastrigin on [−5.12, 5.12]^d; minimum 0 at the origin, a local minimum at every integer point. */
    static TestFunction rastrigin(int d) {
        return new TestFunction(
                "Rastrigin-" + d,
                box(d, -5.12, 5.12),
                params -> {
                    double sum = 10 * d;
                    for (int i = 0; i < d; i++) {
                        double xi = x(params, "x" + i);
                        sum += xi * xi - 10 * Math.cos(2 * Math.PI * xi);
                    }
                    return sum;
                },
                0);
    }

    /** Levy on [−10, 10]^d; minimum 0 at (1, …, 1). */
    static TestFunction levy(int d) {
        return new TestFunction(
                "Levy-" + d,
                box(d, -10, 10),
                params -> {
                    double[] w = new double[d];
                    for (int i = 0; i < d; i++) {
                        w[i] = 1 + (x(params, "x" + i) - 1) / 4;
                    }
                    double sum = Math.pow(Math.sin(Math.PI * w[0]), 2);
                    for (int i = 0; i < d - 1; i++) {
                        sum += Math.pow(w[i] - 1, 2) * (1 + 10 * Math.pow(Math.sin(Math.PI * w[i] + 1), 2));
                    }
                    return sum + Math.pow(w[d - 1] - 1, 2) * (1 + Math.pow(Math.sin(2 * Math.PI * w[d - 1]), 2));
                },
                0);
    }

    /**
     * Mixed: a float, a log-scale float, an integer with step 2 and a categorical; minimum 0 at
     * x = 2, lr = 0.01, depth = 7, kind = b.
     */
    static TestFunction mixed() {
        SearchSpace space = new SearchSpace(List.of(
                new Param.FloatParam("x", -5, 10, false, null),
                new Param.FloatParam("lr", 1e-5, 1, true, null),
                new Param.IntParam("depth", 1, 19, 2, false, null),
                new Param.CategoricalParam("kind", List.of("a", "b", "c", "d"), null)));
        Map<String, Double> offset = Map.of("a", 1.0, "b", 0.0, "c", 2.0, "d", 3.0);
        return new TestFunction(
                "Mixed (float, log float, int step 2, categorical)",
                space,
                p -> Math.pow(x(p, "x") - 2, 2)
                        + Math.pow(Math.log10(x(p, "lr")) + 2, 2)
                        + Math.pow(x(p, "depth") - 7, 2) / 4
                        + offset.get((String) p.get("kind")),
                0);
    }
}
