#!/usr/bin/python3
"""Reference pruning decisions from Optuna 3.1 (Debian package python3-optuna) for PrunersTest.

Thirty synthetic learning curves are reported step by step, one trial after another, to Optuna's
MedianPruner, SuccessiveHalvingPruner and HyperbandPruner (in a study named "hyperband-reference":
the name places trials in brackets); the step at which each trial was pruned (or -1) is what
Ratchet's pruners must reproduce when fed the same sequence.

    /usr/bin/python3 services/orchestrator/src/test/python/pruner_reference.py \
        > services/orchestrator/src/test/resources/reference/pruners.json
"""
import json
import math

import numpy as np
import optuna

optuna.logging.set_verbosity(optuna.logging.ERROR)
STEPS = 64


def curves():
    rng = np.random.RandomState(7)
    out = []
    for _ in range(30):
        floor, height, scale = rng.uniform(0.1, 1.0), rng.uniform(0.5, 2.0), rng.uniform(3, 30)
        noise = rng.normal(0, 0.02, STEPS)
        values = [floor + height * math.exp(-step / scale) + noise[step] for step in range(STEPS)]
        out.append(values)
    out[11][5] = float("nan")  # a diverged step: NaN handling
    return out


def run(pruner, direction, curves, study_name=None):
    study = optuna.create_study(direction=direction, pruner=pruner, study_name=study_name)
    sign = -1 if direction == "maximize" else 1
    pruned_at = []
    for curve in curves:
        trial = study.ask()
        step_pruned = -1
        for step, value in enumerate(curve):
            trial.report(sign * value, step)
            if trial.should_prune():
                step_pruned = step
                break
        if step_pruned >= 0:
            study.tell(trial, state=optuna.trial.TrialState.PRUNED)
        else:
            last = sign * curve[-1]
            study.tell(trial, last if not math.isnan(last) else None,
                       state=optuna.trial.TrialState.COMPLETE if not math.isnan(last) else optuna.trial.TrialState.FAIL)
        pruned_at.append(step_pruned)
    return pruned_at


def main():
    data = curves()
    cases = []
    for direction in ("minimize", "maximize"):
        cases.append({"pruner": "median", "startup_trials": 5, "warmup_steps": 3, "direction": direction,
                      "pruned_at": run(optuna.pruners.MedianPruner(n_startup_trials=5, n_warmup_steps=3),
                                       direction, data)})
        cases.append({"pruner": "successive_halving", "min_resource": 2, "reduction_factor": 3,
                      "min_early_stopping_rate": 0, "direction": direction,
                      "pruned_at": run(optuna.pruners.SuccessiveHalvingPruner(
                          min_resource=2, reduction_factor=3, min_early_stopping_rate=0), direction, data)})
        cases.append({"pruner": "hyperband", "min_resource": 1, "max_resource": STEPS, "reduction_factor": 3,
                      "study_name": "hyperband-reference", "direction": direction,
                      "pruned_at": run(optuna.pruners.HyperbandPruner(
                          min_resource=1, max_resource=STEPS, reduction_factor=3), direction, data,
                          "hyperband-reference")})
    json.dump({"optuna": optuna.__version__, "curves": [[None if math.isnan(v) else v for v in c] for c in data],
               "cases": cases}, __import__("sys").stdout, indent=1)


if __name__ == "__main__":
    main()
