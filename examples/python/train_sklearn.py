#!/usr/bin/env python3
"""A logistic regression trained epoch by epoch with scikit-learn (SGD, log loss), logged to Ratchet.

Run it by hand (it creates a run in --experiment), or as the orchestrator's job, which gives it its run in
RATCHET_RUN_ID:

    bin/ratchet runs submit --experiment german-credit --name sklearn -- \\
        .venv/bin/python examples/python/train_sklearn.py --train .local/demo/split/train.csv \\
        --validation .local/demo/split/validation.csv --test .local/demo/split/test.csv --label Class --id row_id

Needs Debian's python3-sklearn (numpy, scipy) and the Python client installed (pip install ./clients/python,
see docs/clients/python.md); run it with that environment's python.
It writes the test set's predictions to <out>/<run id>/predictions.csv, as the Java trainer does.
"""
import argparse
import csv
import os

import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import log_loss, roc_auc_score
from sklearn.preprocessing import OneHotEncoder, StandardScaler

import ratchet


def read(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def numeric(values):
    try:
        [float(v) for v in values if v != ""]
        return True
    except ValueError:
        return False


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", required=True)
    parser.add_argument("--validation", required=True)
    parser.add_argument("--test", required=True)
    parser.add_argument("--label", required=True)
    parser.add_argument("--id", action="append", default=[], help="a column that is not a feature (repeatable)")
    parser.add_argument("--alpha", type=float, default=1e-3, help="L2 penalty")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", default="runs")
    parser.add_argument("--experiment", help="without RATCHET_RUN_ID: the experiment to create a run in")
    args = parser.parse_args()

    header, train = read(args.train)
    _, validation = read(args.validation)
    _, test = read(args.test)
    label = header.index(args.label)
    features = [i for i, name in enumerate(header) if name != args.label and name not in args.id]
    numbers = [i for i in features if numeric([row[i] for row in train])]
    texts = [i for i in features if i not in numbers]
    classes = sorted({row[label] for row in train})
    positive = classes[1]

    def columns(rows):
        return np.array([[row[i] for i in features] for row in rows], dtype=object)

    encoder = ColumnTransformer([
        ("numbers", StandardScaler(), [features.index(i) for i in numbers]),
        ("texts", OneHotEncoder(handle_unknown="ignore"), [features.index(i) for i in texts])])
    x_train = encoder.fit_transform(columns(train))
    x_validation = encoder.transform(columns(validation))
    x_test = encoder.transform(columns(test))
    y_train = np.array([row[label] == positive for row in train], dtype=int)
    y_validation = np.array([row[label] == positive for row in validation], dtype=int)

    with ratchet.start_run(experiment=args.experiment, name="sklearn logistic regression", seed=args.seed) as run:
        ratchet.log_params({"model": "SGDClassifier(log_loss)", "alpha": args.alpha, "epochs": args.epochs,
                            "seed": args.seed})
        ratchet.log_dataset(args.train, role="train")
        ratchet.log_dataset(args.validation, role="validation")
        ratchet.log_dataset(args.test, role="test")
        model = SGDClassifier(loss="log_loss", alpha=args.alpha, random_state=args.seed)
        for epoch in range(1, args.epochs + 1):
            model.partial_fit(x_train, y_train, classes=[0, 1])
            ratchet.count_samples(len(y_train))  # logged as system/samples_per_second
            for context, x, y in (("train", x_train, y_train), ("validation", x_validation, y_validation)):
                p = model.predict_proba(x)[:, 1]
                ratchet.log_metrics({"logloss": log_loss(y, p, labels=[0, 1]), "auc": roc_auc_score(y, p)},
                                    step=epoch, context=context)
        log_pictures(model, x_validation, y_validation, validation, header, features, args.id, classes)
        directory = os.path.join(args.out, run.run_id)
        os.makedirs(directory, exist_ok=True)
        probabilities = model.predict_proba(x_test)[:, 1]
        with open(os.path.join(directory, "predictions.csv"), "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(header + ["predicted", "probability"])
            for row, p in zip(test, probabilities):
                writer.writerow(row + [positive if p >= 0.5 else classes[0], f"{p:.6g}"])
        ratchet.set_tags({"predictions_uri": "file://" + os.path.abspath(os.path.join(directory, "predictions.csv"))})
        print(f"run {run.run_id}: {directory}/predictions.csv")


def log_pictures(model, x, y, rows, header, features, ids, classes):
    """What the checklist says to keep in pictures: the validation set's confusion matrix (an array, no
    plotting library needed), its ROC curve (when matplotlib is there), and its worst errors with their inputs."""
    predicted = model.predict(x)
    counts = [[int(((y == a) & (predicted == b)).sum()) for b in (0, 1)] for a in (0, 1)]
    most = max(max(row) for row in counts) or 1
    cell = 48  # each of the 2 x 2 cells as a 48-pixel square, darker for more rows
    pixels = [[255 - round(200 * counts[r // cell][c // cell] / most) for c in range(2 * cell)]
              for r in range(2 * cell)]
    ratchet.log_image(pixels, "validation/confusion", caption=f"confusion (rows: label {classes[0]}, {classes[1]}; "
                      f"columns: predicted): {counts}")
    p = model.predict_proba(x)
    try:
        import matplotlib
        matplotlib.use("Agg")
        from matplotlib import pyplot
        from sklearn.metrics import roc_curve
    except ImportError:
        pass
    else:
        fpr, tpr, _ = roc_curve(y, p[:, 1])
        figure, axes = pyplot.subplots(figsize=(4, 4))
        axes.plot(fpr, tpr)
        axes.plot([0, 1], [0, 1], linestyle=":")
        axes.set_xlabel("false positive rate")
        axes.set_ylabel("true positive rate")
        auc = roc_auc_score(y, p[:, 1])
        ratchet.log_image(figure, "validation/roc", caption=f"validation ROC curve, AUC {auc:.3f}")
        pyplot.close(figure)
    id_column = header.index(ids[0]) if ids else None
    ratchet.log_errors([classes[v] for v in y], p, classes, k=10,
                       inputs=[{header[i]: row[i] for i in features[:6]} for row in rows],
                       ids=[row[id_column] for row in rows] if id_column is not None else None,
                       key="validation-errors")


if __name__ == "__main__":
    main()
