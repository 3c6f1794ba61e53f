#!/usr/bin/python3
"""Reference values for ProfilerTest, with Debian's numpy and scipy:  /usr/bin/python3 profile_references.py"""
import csv
import os

import numpy as np
from scipy.spatial.distance import jensenshannon

os.chdir(os.path.dirname(os.path.abspath(__file__)))
rows = list(csv.DictReader(open("german_credit.csv")))
for column in ["Age", "Amount"]:
    v = np.array([float(r[column]) for r in rows])
    print(column, "percentiles", np.percentile(v, [0, 1, 5, 25, 50, 75, 95, 99, 100]).tolist())
    print(column, "mean", repr(v.mean()), "std (n-1)", repr(v.std(ddof=1)))
    print(column, "histogram", np.histogram(v, bins=20)[0].tolist())
a, b = [30, 50, 0, 20], [10, 60, 5, 25]
print("jensen-shannon", repr(jensenshannon(a, b, base=2)))
p, q = np.maximum(np.array(a) / sum(a), 1e-4), np.maximum(np.array(b) / sum(b), 1e-4)
print("psi", repr(np.sum((q - p) * np.log(q / p))))
