#!/usr/bin/python3
"""Optuna 3.1's figures for the sampler-quality table, measured on this machine with Debian's
python3-optuna (and python3-cmaes): median regret and IQR per budget over the same seeds and the
same test functions as SamplerQuality.java.

    apt-get install python3-optuna
    /usr/bin/python3 benchmarks/sampler-quality/optuna_reference.py --seeds 20

With --csv FILE it also writes every seed's regret (function, sampler, seed, budget, regret): the
file the Java benchmark's `compare` command tests Ratchet's samplers against. The committed
optuna-3.1-regrets.csv: Branin, Hartmann-6 and Rosenbrock-4 with TPE and CMA-ES over 100 seeds,
then with multivariate TPE over 50, and the four higher-dimensional functions with all three over
50 (--seeds 50 --functions ... --samplers ...; Ackley-20 with TPE takes about 25 minutes here).
--first-seed gives a second set of seeds, to tell a real difference from a lucky sample.
"""
import argparse
import csv
import math
import platform
import time
import warnings

import numpy as np
import optuna

optuna.logging.set_verbosity(optuna.logging.ERROR)
warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
BUDGETS = (25, 50, 100, 200)


def branin(t):
    x1, x2 = t.suggest_float("x0", -5, 10), t.suggest_float("x1", 0, 15)
    return (x2 - 5.1 / (4 * math.pi ** 2) * x1 * x1 + 5 / math.pi * x1 - 6) ** 2 \
        + 10 * (1 - 1 / (8 * math.pi)) * math.cos(x1) + 10


HA = np.array([[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8],
               [17, 8, 0.05, 10, 0.1, 14]])
HP = 1e-4 * np.array([[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
                      [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]])
HALPHA = np.array([1.0, 1.2, 3.0, 3.2])


def hartmann6(t):
    x = np.array([t.suggest_float(f"x{i}", 0, 1) for i in range(6)])
    return -float(np.sum(HALPHA * np.exp(-np.sum(HA * (x - HP) ** 2, axis=1))))


def rosenbrock4(t):
    x = [t.suggest_float(f"x{i}", -5, 10) for i in range(4)]
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(3))


def box(t, d, low, high):
    return np.array([t.suggest_float(f"x{i}", low, high) for i in range(d)])


def styblinski_tang8(t):
    x = box(t, 8, -5, 5)
    return float(np.sum(x ** 4 - 16 * x ** 2 + 5 * x) / 2)


def rastrigin8(t):
    x = box(t, 8, -5.12, 5.12)
    return float(10 * len(x) + np.sum(x ** 2 - 10 * np.cos(2 * math.pi * x)))


def levy10(t):
    w = 1 + (box(t, 10, -10, 10) - 1) / 4
    return float(math.sin(math.pi * w[0]) ** 2
                 + np.sum((w[:-1] - 1) ** 2 * (1 + 10 * np.sin(math.pi * w[:-1] + 1) ** 2))
                 + (w[-1] - 1) ** 2 * (1 + math.sin(2 * math.pi * w[-1]) ** 2))


def ackley20(t):
    x = box(t, 20, -32.768, 32.768)
    return float(-20 * math.exp(-0.2 * math.sqrt(np.mean(x ** 2))) - math.exp(np.mean(np.cos(2 * math.pi * x)))
                 + 20 + math.e)


# Styblinski–Tang's minimum: 8 × f1(−2.903534…), the one-dimensional minimum at its root
ST_MINIMUM = 8 * -39.16616570377142
FUNCTIONS = [("Branin", branin, 0.39788735772973816), ("Hartmann-6", hartmann6, -3.322368011415515),
             ("Rosenbrock-4", rosenbrock4, 0.0), ("Styblinski-Tang-8", styblinski_tang8, ST_MINIMUM),
             ("Rastrigin-8", rastrigin8, 0.0), ("Levy-10", levy10, 0.0), ("Ackley-20", ackley20, 0.0)]
SAMPLERS = [("TPE", lambda s: optuna.samplers.TPESampler(seed=s)),
            ("TPE multivariate", lambda s: optuna.samplers.TPESampler(seed=s, multivariate=True)),
            ("CMA-ES", lambda s: optuna.samplers.CmaEsSampler(seed=s)),
            ("random", lambda s: optuna.samplers.RandomSampler(seed=s))]


def fmt(v):
    return f"{v:.3g}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--first-seed", type=int, default=0, help="seeds first, first + 1, … (default 0)")
    parser.add_argument("--functions", help="only these, comma-separated (e.g. Branin)")
    parser.add_argument("--samplers", help="only these, comma-separated (e.g. TPE)")
    parser.add_argument("--csv", help="also write each seed's regret to this file")
    args = parser.parse_args()
    out = open(args.csv, "w", newline="") if args.csv else None
    rows = csv.writer(out) if out else None
    if rows:
        rows.writerow(["function", "sampler", "seed", "budget", "regret"])
    print(f"Optuna {optuna.__version__}, {platform.processor() or platform.machine()}, "
          f"{args.seeds} seeds; median regret [IQR]\n")
    print("| function | sampler | " + " | ".join(f"@{b}" for b in BUDGETS) + " |")
    print("|---|---|" + "---|" * len(BUDGETS))
    for name, f, minimum in FUNCTIONS:
        if args.functions and name not in args.functions.split(","):
            continue
        for sampler_name, sampler in SAMPLERS:
            if args.samplers and sampler_name not in args.samplers.split(","):
                continue
            started = time.time()
            regrets = {b: [] for b in BUDGETS}
            for seed in range(args.first_seed, args.first_seed + args.seeds):
                study = optuna.create_study(sampler=sampler(seed))
                study.optimize(f, n_trials=max(BUDGETS))
                values = [t.value for t in study.trials]
                for b in BUDGETS:
                    regrets[b].append(min(values[:b]) - minimum)
                    if rows:
                        rows.writerow([name, sampler_name, seed, b, repr(regrets[b][-1])])
            cells = []
            for b in BUDGETS:
                r = np.array(regrets[b])
                cells.append(f"{fmt(np.median(r))} [{fmt(np.percentile(r, 25))}, {fmt(np.percentile(r, 75))}]")
            print(f"| {name} | Optuna {sampler_name} | " + " | ".join(cells) + f" |  <!-- {time.time() - started:.0f} s -->",
                  flush=True)
    if out:
        out.close()


if __name__ == "__main__":
    main()
