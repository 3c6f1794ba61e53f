#!/usr/bin/python3
"""Optuna 3.1's TPE suggestions from fixed histories, for TpeSuggestionsTest: where the unit tests
pin the densities, this pins what they do not — the good/bad split, the weights, the prior, the
candidates' draws and the choice among them — by the distribution of whole suggestions.

Per mode (univariate, multivariate): 120 trials of Optuna's own TPE on Styblinski-Tang-8 (seed 4)
as the history, then 2,000 suggestions from it, one per sampler seed 0..1999 (each asked trial
failed afterwards, so none enters the history). Debian's python3-optuna:
    /usr/bin/python3 services/orchestrator/src/test/python/tpe_suggestion_reference.py
"""
import json
import pathlib
import warnings

import numpy as np
import optuna
from optuna.distributions import FloatDistribution

optuna.logging.set_verbosity(optuna.logging.ERROR)
warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
OUT = pathlib.Path(__file__).resolve().parents[1] / "resources" / "reference" / "tpe-suggestions.json"
SPACE = {f"x{i}": FloatDistribution(-5, 5) for i in range(8)}


def styblinski_tang(x):
    x = np.asarray(x)
    return float(np.sum(x ** 4 - 16 * x ** 2 + 5 * x) / 2)


def case(multivariate):
    history = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=4, multivariate=multivariate))
    history.optimize(lambda t: styblinski_tang([t.suggest_float(n, -5, 5) for n in SPACE]), n_trials=120)
    rows = [[t.params[n] for n in SPACE] + [t.value] for t in history.trials]
    study = optuna.create_study()
    for r in rows:
        study.add_trial(optuna.trial.create_trial(params=dict(zip(SPACE, r)), distributions=SPACE, value=r[-1]))
    suggestions = []
    for seed in range(2000):
        study.sampler = optuna.samplers.TPESampler(seed=seed, multivariate=multivariate)
        trial = study.ask(SPACE)
        suggestions.append([float(f"{trial.params[n]:.8g}") for n in SPACE])
        study.tell(trial, state=optuna.trial.TrialState.FAIL)
    return {"history": rows, "suggestions": suggestions}


def main():
    result = {"optuna": optuna.__version__, "function": "Styblinski-Tang-8 on [-5, 5]^8",
              "univariate": case(False), "multivariate": case(True)}
    OUT.write_text(json.dumps(result) + "\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
