#!/usr/bin/python3
"""Reference states for CmaEsSamplerTest: the cmaes library (Debian's python3-cmaes, which Optuna's
CmaEsSampler drives) asked and told for eight generations on a rotated ellipsoid in [0, 1]^n, from
the centre with sigma 1/6; after each generation its mean, step size and covariance.

    apt-get install python3-cmaes
    /usr/bin/python3 services/orchestrator/src/test/python/cma_reference.py \
        > services/orchestrator/src/test/resources/reference/cma.json
"""
import json

import cmaes
import numpy as np


def ellipsoid(x):
    z = np.cumsum(x - 0.3)  # rotated: every coordinate interacts
    return float(np.sum(10.0 ** (3 * np.arange(len(x)) / max(len(x) - 1, 1)) * z ** 2))


cases = []
for n, seed in ((2, 1), (6, 2)):
    cma = cmaes.CMA(mean=np.full(n, 0.5), sigma=1 / 6, bounds=np.array([[0.0, 1.0]] * n), seed=seed,
                    n_max_resampling=10 * n)
    generations = []
    for _ in range(8):
        xs = [cma.ask() for _ in range(cma.population_size)]
        losses = [ellipsoid(x) for x in xs]
        cma.tell(list(zip(xs, losses)))
        generations.append({"xs": [x.tolist() for x in xs], "losses": losses, "mean": cma._mean.tolist(),
                            "sigma": float(cma._sigma), "C": cma._C.tolist()})
    cases.append({"n": n, "population": cma.population_size, "generations": generations})
print(json.dumps({"cmaes": cmaes.__version__, "cases": cases}))
