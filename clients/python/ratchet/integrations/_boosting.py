"""What the boosting integrations share: an evaluation set's name as a metric context."""
from typing import Optional, Tuple

_CONTEXTS = {"train": "train", "training": "train", "validation": "validation", "valid": "validation",
             "val": "validation", "eval": "validation", "test": "test"}


def metric(data_name: str, metric_name: str) -> Tuple[str, Optional[str]]:
    """(key, context): "validation"/"valid"/"val"/"eval" and "train"/"test" (and "valid_0"-style names
    that start with them) become contexts; any other set keeps its name in the key, e.g. "holdout/auc"."""
    base = data_name.lower().rstrip("0123456789").rstrip("_-")
    context = _CONTEXTS.get(base)
    return (metric_name, context) if context else (f"{data_name}/{metric_name}", None)
