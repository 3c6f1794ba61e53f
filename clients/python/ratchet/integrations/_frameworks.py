"""What the deep-learning integrations share: a log key's split into a metric and its context."""
from typing import Optional, Tuple

_PREFIXES = tuple((f"{name}{separator}", context) for separator in "_/"
                  for name, context in (("val", "validation"), ("valid", "validation"), ("validation", "validation"),
                                        ("eval", "validation"), ("train", "train"), ("test", "test")))
_SUFFIXES = (("/val", "validation"), ("/validation", "validation"), ("/train", "train"), ("/test", "test"))


def split(key: str, default: Optional[str] = None) -> Tuple[str, Optional[str]]:
    """("val_loss", "val/loss" → loss, validation), ("train_acc" → acc, train), ("loss/val" → loss, validation);
    a key with neither keeps its name and gets `default` (Keras logs training metrics bare: "loss", "accuracy")."""
    for prefix, context in _PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix):], context
    for suffix, context in _SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            return key[:-len(suffix)], context
    return key, default


def base_class(name: str, *modules: str):
    """The framework's class `name` from the first of `modules` that imports, else object: an integration
    subclasses it where the framework requires that (Keras's fit, Lightning's Trainer) and is a plain class
    with the same methods where the framework is absent."""
    for module in modules:
        try:
            return getattr(__import__(module, fromlist=[name]), name)
        except ImportError:
            continue
    return object


def numbers(logs) -> dict:
    """The numeric entries of a framework's logs (tensors and numpy scalars through float()), others dropped."""
    found = {}
    for key, value in (logs or {}).items():
        if isinstance(value, bool) or isinstance(value, str):
            continue
        try:
            found[key] = float(value.item() if hasattr(value, "item") else value)
        except (TypeError, ValueError):
            continue
    return found
