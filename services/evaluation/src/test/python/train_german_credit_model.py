#!/usr/bin/python3
"""A real model for the behavioral tests: scikit-learn's logistic regression on german_credit.csv
(rows whose row_id is not a multiple of 5; those are the test set), written as an ONNX graph
(MatMul, Add, Sigmoid) with python3-onnx, and the reference results of the behavioral suite the
Java test runs against it, computed here in float32 as ONNX Runtime computes them.

    /usr/bin/python3 services/evaluation/src/test/python/train_german_credit_model.py

Needs Debian's python3-sklearn python3-pandas python3-onnx. The model's inputs are described in
its metadata (`ratchet.features`): one float per numeric column, one 0/1 indicator per category
of a text column, so the evaluation service can feed it rows of the CSV file.
"""
import json
import pathlib

import numpy as np
import onnx
import pandas as pd
from onnx import TensorProto, helper, numpy_helper
from sklearn.linear_model import LogisticRegression

HERE = pathlib.Path(__file__).resolve().parent
DATASETS = HERE.parent / "resources" / "datasets"
MODEL = HERE.parent / "resources" / "models" / "german_credit_logistic.onnx"
REFERENCE = HERE.parent / "resources" / "reference" / "german_credit_behavioral.json"
POSITIVE = "Bad"


def main():
    df = pd.read_csv(DATASETS / "german_credit.csv")
    test = df[df.row_id % 5 == 0].reset_index(drop=True)
    train = df[df.row_id % 5 != 0].reset_index(drop=True)
    numeric = [c for c in df.columns if c not in ("row_id", "Class") and df[c].dtype != object]
    text = [c for c in df.columns if c not in ("row_id", "Class") and df[c].dtype == object]
    features = [{"column": c} for c in numeric]
    for c in text:
        features += [{"column": c, "equals": v} for v in sorted(train[c].unique())]

    def encode(frame):
        cols = []
        for f in features:
            if "equals" in f:
                cols.append((frame[f["column"]] == f["equals"]).astype(float))
            else:
                cols.append(frame[f["column"]].astype(float))
        return np.column_stack(cols)

    x_train = encode(train)
    mean = x_train.mean(axis=0)
    std = x_train.std(axis=0)
    std[std == 0] = 1
    model = LogisticRegression(C=1.0, max_iter=5000)
    model.fit((x_train - mean) / std, train.Class == POSITIVE)
    # fold the standardisation into the weights: the graph takes raw values
    w = (model.coef_[0] / std).astype(np.float32)
    b = np.float32(model.intercept_[0] - (model.coef_[0] * mean / std).sum())

    graph = helper.make_graph(
        [helper.make_node("MatMul", ["features", "weights"], ["logit_raw"]),
         helper.make_node("Add", ["logit_raw", "bias"], ["logit"]),
         helper.make_node("Sigmoid", ["logit"], ["probability"])],
        "german_credit_logistic",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, [None, len(features)])],
        [helper.make_tensor_value_info("probability", TensorProto.FLOAT, [None, 1])],
        [numpy_helper.from_array(w.reshape(-1, 1), "weights"), numpy_helper.from_array(np.array([b]), "bias")])
    onnx_model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)],
                                   producer_name="ratchet train_german_credit_model.py")
    onnx_model.ir_version = 8
    helper.set_model_props(onnx_model, {
        "ratchet.features": json.dumps(features),
        "ratchet.positive_label": POSITIVE,
        "ratchet.negative_label": "Good",
    })
    onnx.checker.check_model(onnx_model)
    MODEL.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(onnx_model, MODEL)

    def probability(frame):
        x = encode(frame).astype(np.float32)
        return 1 / (1 + np.exp(-((x @ w.reshape(-1, 1)).ravel() + b)))

    base = probability(test)

    def swapped(frame, column, pairs):
        out = frame.copy()
        mapping = {**pairs, **{v: k for k, v in pairs.items()}}
        out[column] = out[column].map(lambda v: mapping.get(v, v))
        return out

    sex = swapped(test, "sex", {"male": "female"})
    both = swapped(sex, "personal_status", {"Single": "NotSingle"})
    amount = test.copy()
    amount["Amount"] = amount["Amount"] * 1.5
    tolerance = 0.05

    def summary(perturbed, failing):
        # rows within 1e-5 of the tolerance could fall either way in another float32 implementation
        borderline = np.abs(np.abs(perturbed - base) - tolerance) < 1e-5
        return {"tested": int(len(perturbed)), "failed": int(failing.sum()), "borderline": int(borderline.sum()),
                "failing_row_ids": test.row_id[failing].astype(int).tolist()[:20],
                "max_change": float(np.abs(perturbed - base).max())}

    p_sex, p_both, p_amount = probability(sex), probability(both), probability(amount)
    reference = {
        "test_rows": int(len(test)),
        "train_accuracy": float(model.score((x_train - mean) / std, train.Class == POSITIVE)),
        "test_accuracy": float(((base >= 0.5) == (test.Class == POSITIVE)).mean()),
        "tolerance": tolerance,
        "invariance_swap_sex": summary(p_sex, np.abs(p_sex - base) > tolerance),
        "invariance_swap_sex_and_status": summary(p_both, np.abs(p_both - base) > tolerance),
        "directional_amount_up": summary(p_amount, p_amount < base),
        "amount_weight": float(w[numeric.index("Amount")]),
    }
    REFERENCE.write_text(json.dumps(reference, indent=1) + "\n")
    print(json.dumps(reference, indent=1))


if __name__ == "__main__":
    main()
