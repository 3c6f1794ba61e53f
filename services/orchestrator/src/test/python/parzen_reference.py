#!/usr/bin/python3
"""Reference log densities from Optuna 3.1's _ParzenEstimator (Debian package python3-optuna) for
ParzenEstimatorTest: univariate float, log float, int with step, categorical, 30 observations (the
age ramp of the weights) and a multivariate case, each evaluated at fixed points.

    /usr/bin/python3 services/orchestrator/src/test/python/parzen_reference.py \
        > services/orchestrator/src/test/resources/reference/parzen.json
"""
import json
import sys

import numpy as np
import optuna
from optuna import distributions as D
from optuna.samplers._tpe.parzen_estimator import _ParzenEstimator, _ParzenEstimatorParameters
from optuna.samplers._tpe.sampler import default_weights

rng = np.random.RandomState(3)


def case(name, space, observations, points, multivariate=False):
    params = _ParzenEstimatorParameters(True, 1.0, True, False, default_weights, multivariate)
    pe = _ParzenEstimator({k: np.asarray(v, dtype=float) for k, v in observations.items()}, space, params)
    log_pdf = pe.log_pdf({k: np.asarray(v, dtype=int if isinstance(space[k], D.CategoricalDistribution) else float)
                          for k, v in points.items()})
    dims = []
    for k, d in space.items():
        if isinstance(d, D.CategoricalDistribution):
            dims.append({"name": k, "kind": "categorical", "choices": len(d.choices)})
        elif isinstance(d, D.IntDistribution):
            dims.append({"name": k, "kind": "int", "low": d.low, "high": d.high, "step": d.step, "log": d.log})
        else:
            dims.append({"name": k, "kind": "float", "low": d.low, "high": d.high, "log": d.log})
    return {"name": name, "multivariate": multivariate, "dims": dims,
            "observations": {k: list(map(float, v)) for k, v in observations.items()},
            "points": {k: list(map(float, v)) for k, v in points.items()},
            "log_pdf": list(map(float, log_pdf))}


cases = [
    case("float", {"x": D.FloatDistribution(-5, 10)}, {"x": [1.0, 2.5, -3.0, 9.5, 2.7, 0.1, 4.4]},
         {"x": [-4.9, -3.0, 0.0, 1.3, 2.6, 5.0, 9.9]}),
    case("log float", {"lr": D.FloatDistribution(1e-5, 1.0, log=True)}, {"lr": [1e-3, 3e-2, 2e-4, 0.5]},
         {"lr": [1.1e-5, 1e-4, 1e-3, 0.01, 0.3, 0.99]}),
    case("int step 2", {"n": D.IntDistribution(2, 20, step=2)}, {"n": [4, 4, 10, 18]},
         {"n": [2, 4, 6, 10, 12, 20]}),
    case("categorical", {"c": D.CategoricalDistribution(["a", "b", "c"])}, {"c": [0, 2, 2, 1, 2]},
         {"c": [0, 1, 2]}),
    case("30 observations (weights ramp)", {"x": D.FloatDistribution(0, 1)}, {"x": list(rng.uniform(0, 1, 30))},
         {"x": list(np.linspace(0.01, 0.99, 9))}),
    case("multivariate", {"x": D.FloatDistribution(0, 1), "y": D.FloatDistribution(-2, 2)},
         {"x": list(rng.uniform(0, 1, 12)), "y": list(rng.uniform(-2, 2, 12))},
         {"x": [0.1, 0.5, 0.9, 0.3], "y": [-1.5, 0.0, 1.9, 0.4]}, multivariate=True),
]
json.dump({"optuna": optuna.__version__, "cases": cases}, sys.stdout, indent=1)
