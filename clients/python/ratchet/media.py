"""Images and tables as run artifacts: images flagged as such (the console shows them in the run's gallery,
with their captions), tables as CSV (the console previews them).

An image may be a file (PNG, JPEG, GIF, SVG), a PIL image, a matplotlib figure, or an array of shape
(height, width), (height, width, 3) or (height, width, 4) — uint8, or floats in [0, 1] — which is
written as PNG here, with zlib, so that neither PIL nor matplotlib is needed.
"""
import csv
import io
import mimetypes
import os
import re
import struct
import zlib
from typing import Any, Iterable, List, Mapping, Optional, Sequence, Tuple

_KEY = re.compile(r"^[A-Za-z0-9_.\-+=@ /]{1,200}$")


def image_bytes(image: Any) -> Tuple[bytes, str, str]:
    """The image's bytes, media type and file extension."""
    if isinstance(image, (str, os.PathLike)):
        path = os.fspath(image)
        content_type = mimetypes.guess_type(path)[0] or ""
        if not content_type.startswith("image/"):
            raise ValueError(f"{path} is not an image file (PNG, JPEG, GIF or SVG)")
        with open(path, "rb") as f:
            return f.read(), content_type, os.path.splitext(path)[1].lower()
    if hasattr(image, "savefig"):  # a matplotlib figure
        out = io.BytesIO()
        image.savefig(out, format="png", bbox_inches="tight")
        return out.getvalue(), "image/png", ".png"
    if hasattr(image, "save") and hasattr(image, "mode"):  # a PIL image
        out = io.BytesIO()
        image.save(out, format="PNG")
        return out.getvalue(), "image/png", ".png"
    return png(image), "image/png", ".png"


def png(array: Any) -> bytes:
    """An array (nested lists or numpy) as PNG: grey for (h, w), RGB for (h, w, 3), RGBA for (h, w, 4)."""
    rows = array.tolist() if hasattr(array, "tolist") else array
    if not rows or not isinstance(rows[0], (list, tuple)) or not rows[0]:
        raise ValueError("an image array needs a shape (height, width[, 3 or 4]) with height and width >= 1")
    height, width = len(rows), len(rows[0])
    first = rows[0][0]
    channels = len(first) if isinstance(first, (list, tuple)) else 1
    if channels not in (1, 3, 4):
        raise ValueError(f"an image array has 1, 3 or 4 channels, not {channels}")
    flat = [v for row in rows for v in (row if channels == 1 else (c for pixel in row for c in pixel))]
    if len(flat) != height * width * channels:
        raise ValueError("the image array's rows differ in length")
    if any(isinstance(v, float) for v in flat):
        if any(not 0.0 <= v <= 1.0 for v in flat):
            raise ValueError("a float image array holds values in [0, 1]")
        flat = [round(v * 255) for v in flat]
    elif any(not 0 <= v <= 255 for v in flat):
        raise ValueError("an integer image array holds values in 0..255")
    stride = width * channels
    raw = b"".join(b"\x00" + bytes(flat[y * stride:(y + 1) * stride]) for y in range(height))
    color = {1: 0, 3: 2, 4: 6}[channels]

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, color, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def image_path(key: str, step: int, index: Optional[int], extension: str) -> str:
    """images/<key>/step-<step>[-<index>]<ext>: one file per image, in the order they were logged."""
    check_key(key)
    suffix = "" if index is None else f"-{index}"
    return f"images/{key}/step-{step}{suffix}{extension}"


def table_csv(table: Any, columns: Optional[Sequence[str]] = None) -> bytes:
    """A pandas DataFrame, a list of dicts, or a list of rows (with `columns`) as CSV with a header."""
    if hasattr(table, "to_csv"):
        return table.to_csv(index=False).encode()
    rows: List[Any] = list(table)
    out = io.StringIO()
    if rows and isinstance(rows[0], Mapping):
        header = list(columns or table_columns(rows))
        writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        if not columns:
            raise ValueError("rows that are not dicts need columns=[...]")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
    return out.getvalue().encode()


def worst_errors(labels: Sequence[Any], probabilities: Sequence[Sequence[float]], classes: Sequence[Any],
                 k: int) -> List[Tuple[int, Any, Any, float, float]]:
    """The k misclassified rows the model was surest about, worst first, as (row, label, predicted,
    p(label), p(predicted)); `probabilities` has one column per class, in `classes` order (predict_proba's)."""
    if len(labels) != len(probabilities):
        raise ValueError(f"{len(labels)} labels but {len(probabilities)} rows of probabilities")
    index = {c: i for i, c in enumerate(classes)}
    wrong = []
    for row, (label, p) in enumerate(zip(labels, probabilities)):
        p = list(p)
        if len(p) != len(classes):
            raise ValueError(f"row {row} has {len(p)} probabilities for {len(classes)} classes")
        if label not in index:
            raise ValueError(f"row {row}'s label {label!r} is not one of the classes {list(classes)}")
        best = max(range(len(p)), key=lambda i: (p[i], -i))
        if classes[best] != label:
            wrong.append((row, label, classes[best], float(p[index[label]]), float(p[best])))
    wrong.sort(key=lambda e: (e[3], e[0]))  # the lowest probability given to the true label first
    return wrong[:k]


def check_key(key: str) -> str:
    if not _KEY.match(key) or key.startswith("/") or any(part in ("", ".", "..") for part in key.split("/")):
        raise ValueError(f"key {key!r} must be a relative name of letters, digits and ._-+=@ (and / for folders)")
    return key


def table_columns(rows: Iterable[Mapping]) -> List[str]:
    """The keys of a list of dicts, in the order they first appear."""
    seen: List[str] = []
    for row in rows:
        seen.extend(k for k in row if k not in seen)
    return seen
