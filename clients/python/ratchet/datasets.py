"""Digests of in-memory data (numpy arrays, pandas frames, lists), so a run records which data it used even
when the data never was a file — what the integrations call for the sets they are given."""
import hashlib


def digest(x, y=None) -> str:
    """A SHA-256 of the data's shape, types and values (inputs, then labels): the same arrays or frames give the
    same digest, a changed value or label another."""
    import numpy as np

    hashed = hashlib.sha256()
    for part in (x,) if y is None else (x, y):
        values = part.to_numpy() if hasattr(part, "to_numpy") else np.asarray(part)
        hashed.update(f"{values.shape}|{values.dtype}|".encode())
        if values.dtype.kind in "biufc":
            hashed.update(np.ascontiguousarray(values).tobytes())
        else:
            for row in values.reshape(len(values), -1) if values.ndim else [values]:
                hashed.update(("\x1f".join(map(str, row)) + "\n").encode())
    return "sha256:" + hashed.hexdigest()
