#!/usr/bin/python3
"""Reference values for the evaluation service's metric tests, computed by scikit-learn,
statsmodels and textbook formulas on the fixtures in src/test/resources/fixtures.

Run with Debian's packages (python3-sklearn python3-pandas python3-statsmodels):
    /usr/bin/python3 services/evaluation/src/test/python/reference_metrics.py
It rewrites src/test/resources/reference/reference_metrics.json; the Java tests compare with it
to 1e-9. Floats are written with repr, so no precision is lost.
"""
import json
import math
import pathlib
import platform

import numpy as np
import pandas as pd
import scipy
import scipy.stats
import sklearn
import statsmodels
from sklearn import metrics as m
from sklearn.calibration import calibration_curve
from sklearn.preprocessing import label_binarize
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

HERE = pathlib.Path(__file__).resolve().parent
FIXTURES = HERE.parent / "resources" / "fixtures"
OUT = HERE.parent / "resources" / "reference" / "reference_metrics.json"


def delong(y_pos, score):
    """AUC and its variance by DeLong et al. (1988), from the structural components (placements)."""
    pos = score[y_pos]
    neg = score[~y_pos]
    m_, n_ = len(pos), len(neg)
    psi = (pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])
    v10 = psi.mean(axis=1)
    v01 = psi.mean(axis=0)
    auc = psi.mean()
    var = v10.var(ddof=1) / m_ + v01.var(ddof=1) / n_
    return auc, var


def ece(y_pos, prob, bins=10):
    """Expected calibration error over equal-width bins, |accuracy - confidence| weighted by bin size
    (Naeini et al. 2015; the bins of sklearn's calibration_curve, strategy='uniform')."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    idx = np.searchsorted(edges[1:-1], prob)
    total = 0.0
    for b in range(bins):
        mask = idx == b
        if mask.any():
            total += mask.sum() / len(prob) * abs(y_pos[mask].mean() - prob[mask].mean())
    return total


def classification(y, pred, labels):
    per_class = {}
    p, r, f, s = m.precision_recall_fscore_support(y, pred, labels=labels, zero_division=0)
    for i, label in enumerate(labels):
        per_class[label] = {"precision": p[i], "recall": r[i], "f1": f[i], "support": int(s[i])}
    out = {
        "accuracy": m.accuracy_score(y, pred),
        "balanced_accuracy": m.balanced_accuracy_score(y, pred),
        "cohen_kappa": m.cohen_kappa_score(y, pred),
        "mcc": m.matthews_corrcoef(y, pred),
        "per_class": per_class,
        "confusion_matrix": m.confusion_matrix(y, pred, labels=labels).tolist(),
    }
    for avg in ("macro", "micro", "weighted"):
        pa, ra, fa, _ = m.precision_recall_fscore_support(y, pred, labels=labels, average=avg, zero_division=0)
        out[avg] = {"precision": pa, "recall": ra, "f1": fa,
                    "jaccard": m.jaccard_score(y, pred, labels=labels, average=avg, zero_division=0)}
    out["zero_one_loss"] = m.zero_one_loss(y, pred)
    out["hamming_loss"] = m.hamming_loss(y, pred)
    n = len(y)
    correct = int((np.asarray(y) == np.asarray(pred)).sum())
    lo, hi = proportion_confint(correct, n, alpha=0.05, method="wilson")
    out["accuracy_wilson_95"] = [lo, hi]
    return out


def two_class():
    df = pd.read_csv(FIXTURES / "two_class_example.csv")
    y, pred = df["truth"].to_numpy(), df["predicted"].to_numpy()
    labels = ["Class1", "Class2"]
    out = classification(y, pred, labels)
    y_pos = y == "Class1"
    score = df["Class1"].to_numpy()
    out["positive_label"] = "Class1"
    out["precision"] = m.precision_score(y, pred, pos_label="Class1")
    out["recall"] = m.recall_score(y, pred, pos_label="Class1")
    out["f1"] = m.f1_score(y, pred, pos_label="Class1")
    out["f2"] = m.fbeta_score(y, pred, beta=2, pos_label="Class1")
    out["f0_5"] = m.fbeta_score(y, pred, beta=0.5, pos_label="Class1")
    out["jaccard"] = m.jaccard_score(y, pred, pos_label="Class1")
    lr_plus, lr_minus = m.class_likelihood_ratios(y, pred, labels=["Class2", "Class1"])  # positive label last
    out["positive_likelihood_ratio"], out["negative_likelihood_ratio"] = lr_plus, lr_minus
    out["roc_auc"] = m.roc_auc_score(y_pos, score)
    out["average_precision"] = m.average_precision_score(y_pos, score)
    fpr, fnr, thresholds = m.det_curve(y_pos, score)
    out["det_curve"] = {"fpr": fpr.tolist(), "fnr": fnr.tolist(), "thresholds": thresholds.tolist()}
    out["log_loss"] = m.log_loss(y, df[labels].to_numpy(), labels=labels)
    out["brier"] = m.brier_score_loss(y_pos, score)
    prob_true, prob_pred = calibration_curve(y_pos, score, n_bins=10, strategy="uniform")
    out["calibration"] = {"fraction_of_positives": prob_true.tolist(), "mean_predicted": prob_pred.tolist()}
    out["ece_10_bins"] = ece(y_pos, score)
    auc, var = delong(y_pos, score)
    # on the logit scale, with the t quantile of min(positives, negatives) - 1 degrees of freedom
    q = scipy.stats.t.ppf(0.975, min(int(y_pos.sum()), int((~y_pos).sum())) - 1)
    logit, half = math.log(auc / (1 - auc)), q * math.sqrt(var) / (auc * (1 - auc))
    out["roc_auc_delong"] = {"auc": auc, "variance": var,
                             "ci95": [1 / (1 + math.exp(-(logit - half))), 1 / (1 + math.exp(-(logit + half)))]}
    recall_pos = m.recall_score(y, pred, pos_label="Class1")
    tp = int(((pred == "Class1") & y_pos).sum())
    lo, hi = proportion_confint(tp, int(y_pos.sum()), alpha=0.05, method="wilson")
    out["recall_wilson_95"] = [lo, hi]
    assert abs(recall_pos - tp / y_pos.sum()) < 1e-15
    return out


def hpc_cv():
    df = pd.read_csv(FIXTURES / "hpc_cv.csv")
    labels = ["F", "L", "M", "VF"]  # sorted, as the service orders them
    y, pred = df["obs"].to_numpy(), df["pred"].to_numpy()
    out = classification(y, pred, labels)
    proba = df[labels].to_numpy()
    out["log_loss"] = m.log_loss(y, proba, labels=labels)
    # The fixture's rows sum to 1 only to ~1e-8; scikit-learn renormalises for roc_auc (a warning
    # in newer versions), and so does the service.
    norm = proba / proba.sum(axis=1, keepdims=True)
    out["roc_auc_ovr_macro"] = m.roc_auc_score(y, norm, labels=labels, multi_class="ovr", average="macro")
    out["roc_auc_ovr_weighted"] = m.roc_auc_score(y, norm, labels=labels, multi_class="ovr", average="weighted")
    out["roc_auc_ovo_macro"] = m.roc_auc_score(y, norm, labels=labels, multi_class="ovo", average="macro")
    out["roc_auc_ovo_weighted"] = m.roc_auc_score(y, norm, labels=labels, multi_class="ovo", average="weighted")
    onehot = label_binarize(y, classes=labels)
    out["average_precision_ovr_macro"] = m.average_precision_score(onehot, norm, average="macro")
    out["top_2_accuracy"] = m.top_k_accuracy_score(y, norm, k=2, labels=labels)
    out["top_3_accuracy"] = m.top_k_accuracy_score(y, norm, k=3, labels=labels)
    out["label_ranking_average_precision"] = m.label_ranking_average_precision_score(onehot, norm)
    # textbook: the mean over rows of the squared distance to the one-hot label (scikit-learn 1.2's
    # brier_score_loss is binary only)
    out["brier_multiclass"] = float(np.mean(np.sum((norm - onehot) ** 2, axis=1)))
    out["accuracy_by_resample"] = {k: m.accuracy_score(g["obs"], g["pred"]) for k, g in df.groupby("Resample")}
    clipped = np.clip(proba, np.finfo(float).eps, 1 - np.finfo(float).eps)
    clipped = clipped / clipped.sum(axis=1, keepdims=True)
    row_loss = -np.log(clipped[np.arange(len(y)), [labels.index(v) for v in y]])
    assert abs(row_loss.mean() - out["log_loss"]) < 1e-12
    worst = np.argsort(-row_loss, kind="stable")[:5]
    out["worst_rows_by_log_loss"] = [{"row": int(i) + 1, "loss": float(row_loss[i])} for i in worst]
    return out


def solubility():
    df = pd.read_csv(FIXTURES / "solubility_test.csv")
    y, p = df["solubility"].to_numpy(), df["prediction"].to_numpy()
    return {
        "mae": m.mean_absolute_error(y, p),
        "rmse": math.sqrt(m.mean_squared_error(y, p)),
        "mse": m.mean_squared_error(y, p),
        "r2": m.r2_score(y, p),
        "mape": m.mean_absolute_percentage_error(y, p),
        "median_absolute_error": m.median_absolute_error(y, p),
        "max_error": m.max_error(y, p),
        "explained_variance": m.explained_variance_score(y, p),
        "d2_absolute_error": m.d2_absolute_error_score(y, p),
        # a quantile model's losses at alpha 0.9 (the log10 targets may be negative: pinball takes any)
        "pinball_loss_0.9": m.mean_pinball_loss(y, p, alpha=0.9),
        "d2_pinball_0.9": m.d2_pinball_score(y, p, alpha=0.9),
        # the Tweedie deviance where any real target is allowed (power 0 and below)
        "mean_tweedie_deviance_-0.5": m.mean_tweedie_deviance(y, 10 ** p, power=-0.5),
        "d2_tweedie_0": m.d2_tweedie_score(y, p, power=0),
        # the fixture's targets are log10 solubilities; as mol/L (10^y, all positive) the log and
        # deviance errors are defined
        "as_molar": {
            "msle": m.mean_squared_log_error(10 ** y, 10 ** p),
            "mean_poisson_deviance": m.mean_poisson_deviance(10 ** y, 10 ** p),
            "mean_gamma_deviance": m.mean_gamma_deviance(10 ** y, 10 ** p),
            "mean_tweedie_deviance_1.5": m.mean_tweedie_deviance(10 ** y, 10 ** p, power=1.5),
            "d2_tweedie_1.5": m.d2_tweedie_score(10 ** y, 10 ** p, power=1.5),
            "mean_tweedie_deviance_3": m.mean_tweedie_deviance(10 ** y, 10 ** p, power=3),
        },
    }


def ranking():
    """A ranking view of hpc_cv: each CV fold is a query; items are ranked by the expected class
    index (VF=0, F=1, M=2, L=3) under the predicted probabilities; the graded relevance is the
    true class index, and an item is relevant for the binary metrics when its class is M or L."""
    df = pd.read_csv(FIXTURES / "hpc_cv.csv")
    grade = {"VF": 0, "F": 1, "M": 2, "L": 3}
    df["relevance"] = df["obs"].map(grade)
    df["score"] = df["F"] * 1 + df["M"] * 2 + df["L"] * 3
    out = {}
    for k in (5, 10, 50):
        ndcg, dcg, ap, prec, rec = [], [], [], [], []
        for _, g in df.groupby("Resample", sort=True):
            rel, score = g["relevance"].to_numpy(), g["score"].to_numpy()
            ndcg.append(m.ndcg_score(rel[None, :], score[None, :], k=k))
            dcg.append(m.dcg_score(rel[None, :], score[None, :], k=k))
            order = np.argsort(-score, kind="stable")
            hits = rel[order] >= 2
            total_relevant = hits.sum()
            top = hits[:k]
            precisions = np.cumsum(top) / np.arange(1, len(top) + 1)
            ap.append((precisions * top).sum() / min(k, total_relevant) if total_relevant else 0.0)
            prec.append(top.sum() / k)
            rec.append(top.sum() / total_relevant if total_relevant else 0.0)
        out[f"ndcg@{k}"] = float(np.mean(ndcg))
        out[f"dcg@{k}"] = float(np.mean(dcg))
        out[f"map@{k}"] = float(np.mean(ap))
        out[f"precision@{k}"] = float(np.mean(prec))
        out[f"recall@{k}"] = float(np.mean(rec))
    rr = []
    for _, g in df.groupby("Resample", sort=True):
        order = np.argsort(-g["score"].to_numpy(), kind="stable")
        hits = np.flatnonzero(g["relevance"].to_numpy()[order] >= 2)
        rr.append(1.0 / (hits[0] + 1) if len(hits) else 0.0)
    out["mrr"] = float(np.mean(rr))
    out["score_ties"] = int(df.groupby("Resample")["score"].apply(lambda s: s.duplicated().sum()).sum())
    return out


def paired():
    """A baseline comparison on two_class_example: the stored predictions are the candidate, a
    threshold of 0.7 on the same score is the baseline."""
    df = pd.read_csv(FIXTURES / "two_class_example.csv")
    y = df["truth"].to_numpy()
    cand = df["predicted"].to_numpy()
    base = np.where(df["Class1"].to_numpy() >= 0.7, "Class1", "Class2")
    c_ok, b_ok = cand == y, base == y
    table = [[int((c_ok & b_ok).sum()), int((c_ok & ~b_ok).sum())],
             [int((~c_ok & b_ok).sum()), int((~c_ok & ~b_ok).sum())]]
    exact = mcnemar(table, exact=True)
    chi = mcnemar(table, exact=False, correction=True)
    return {"table_[[both,cand_only],[base_only,neither]]": table,
            "baseline_accuracy": m.accuracy_score(y, base),
            "mcnemar_exact_p": exact.pvalue,
            "mcnemar_chi2_corrected": chi.statistic, "mcnemar_chi2_corrected_p": chi.pvalue}


def slice_tests():
    """Is a slice worse than the rest? hpc_cv's folds by error rate (pooled two-proportion z-test,
    one-sided, Holm's correction); solubility's first 100 rows by absolute error (Welch)."""
    df = pd.read_csv(FIXTURES / "hpc_cv.csv")
    wrong = (df["obs"] != df["pred"]).to_numpy()
    folds = sorted(df["Resample"].unique())
    p = []
    for fold in folds:
        inside = (df["Resample"] == fold).to_numpy()
        _, pv = proportions_ztest([wrong[inside].sum(), wrong[~inside].sum()], [inside.sum(), (~inside).sum()],
                                  alternative="larger")
        p.append(pv)
    adjusted = multipletests(p, method="holm")[1]
    sol = pd.read_csv(FIXTURES / "solubility_test.csv")
    err = (sol["solubility"] - sol["prediction"]).abs().to_numpy()
    welch = scipy.stats.ttest_ind(err[:100], err[100:], equal_var=False, alternative="greater")
    return {"hpc_cv_fold_error_p": dict(zip(folds, p)),
            "hpc_cv_fold_error_p_holm": dict(zip(folds, adjusted.tolist())),
            "solubility_first_100_welch_p": welch.pvalue}


def main():
    result = {
        "computed_with": {"python": platform.python_version(), "sklearn": sklearn.__version__,
                          "numpy": np.__version__, "scipy": scipy.__version__,
                          "pandas": pd.__version__, "statsmodels": statsmodels.__version__},
        "two_class_example": two_class(),
        "hpc_cv": hpc_cv(),
        "solubility_test": solubility(),
        "hpc_cv_ranking": ranking(),
        "two_class_paired": paired(),
        "slice_tests": slice_tests(),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=1, default=float) + "\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
