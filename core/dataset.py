"""Data sets from CSV, TSV, JSON (a list of objects) and JSONL.

Encodings: UTF-8 with or without BOM, UTF-16 with BOM, and GB18030 (a superset of GBK/GB2312,
what Chinese Windows tools write). Every malformed file gets a message naming the file, the
line and what is wrong.
"""
from __future__ import annotations

import csv
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from .errors import GradSumError

FORMATS = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".json": "json", ".jsonl": "jsonl",
           ".ndjson": "jsonl"}


@dataclass
class Dataset:
    columns: list[str]
    rows: list[dict[str, str]]
    encoding: str = "utf-8"
    source: str = ""

    def __len__(self) -> int:
        return len(self.rows)


def decode(raw: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """Return (text, encoding used)."""
    if encoding:
        try:
            return raw.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as e:
            raise GradSumError(
                "{name}: cannot be read as {encoding}: {e}", name=name, encoding=encoding,
                e=e) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "gb18030"]
    for enc in candidates:
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc == "gb18030" and not _looks_chinese(text):
            break  # decodes, but as noise: better to say we could not tell
        return text, enc
    raise GradSumError(
        "{name}: the file is neither UTF-8 nor GB18030/GBK text. Save it as UTF-8, or choose its "
        "encoding explicitly.", name=name)


def _looks_chinese(text: str) -> bool:
    cjk = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    odd = sum(1 for c in text if not (c.isprintable() or c in "\r\n\t"))
    return cjk > 0 and odd == 0


def sniff_encoding(path: Path, encoding: str | None = None) -> str:
    """The encoding, from the first 64 KB (a BOM, else UTF-8, else GB18030)."""
    with open(path, "rb") as f:
        head = f.read(65536)
        at_end = not f.read(1)
    if at_end:
        return decode(head, path.name, encoding)[1]
    for cut in range(4):  # the sample may end inside a multi-byte character
        try:
            return decode(head[:len(head) - cut], path.name, encoding)[1]
        except GradSumError as e:
            error = e
    raise error


def load(path: str | Path, encoding: str | None = None, fmt: str | None = None) -> Dataset:
    """Read a data file. CSV, TSV and JSONL are read as a stream, line by line."""
    path = Path(path)
    name = path.name
    fmt = fmt or FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise GradSumError(
            "{name}: unknown file type '{suffix}'. Use .csv, .tsv, .json or .jsonl.", name=name,
            suffix=path.suffix)
    try:
        if path.stat().st_size == 0:
            raise GradSumError("{name}: the file is empty.", name=name)
        enc = sniff_encoding(path, encoding)
        with open(path, encoding=enc, newline="") as f:
            if fmt == "json":
                text = f.read()
                if not text.strip():
                    raise GradSumError("{name}: the file is empty.", name=name)
                columns, rows = _parse_json(text, name)
            elif fmt == "jsonl":
                columns, rows = _parse_jsonl(f, name)
            else:
                columns, rows = _parse_delimited(f, name, "\t" if fmt == "tsv" else ",")
    except FileNotFoundError:
        raise GradSumError("Data file not found: {path}", path=path) from None
    except UnicodeDecodeError as e:
        raise GradSumError(
            "{name}: bytes at position {start} cannot be read as {enc}; the file mixes encodings "
            "or is not text. Save it as UTF-8.", name=name, start=e.start, enc=enc) from None
    except OSError as e:
        raise GradSumError(
            "Cannot read data file {path}: {strerror}", path=path, strerror=e.strerror) from None
    if not rows:
        if columns:
            raise GradSumError("{name}: the file has a header but no data rows.", name=name)
        raise GradSumError("{name}: the file is empty.", name=name)
    return Dataset(columns, rows, enc, str(path))


def _parse_delimited(stream, name: str, delimiter: str):
    reader = csv.reader(stream, delimiter=delimiter, strict=True)
    try:
        header = next(reader)
        while not any(h.strip() for h in header):  # leading blank lines
            header = next(reader)
    except StopIteration:
        return [], []
    except csv.Error as e:
        raise GradSumError("{name}: malformed header line: {e}", name=name, e=e) from None
    header = [h.strip() for h in header]
    _check_header(header, name)
    if len(header) == 1:
        other = "\t" if delimiter == "," else ","
        if other in header[0] or ";" in header[0]:
            raise GradSumError(
                "{name}: only one column found ('{header}'): the file seems to use a different "
                "delimiter than {delimiter}.", name=name, header=header[0][:40],
                delimiter='a comma' if delimiter == ',' else 'a tab')
    rows = []
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue  # blank line
            if len(values) != len(header):
                raise GradSumError(
                    "{name}, line {line_num}: {n_values} fields, but the header has {n_header}. "
                    "Check for an unquoted delimiter or a missing value.", name=name,
                    line_num=reader.line_num, n_values=len(values), n_header=len(header))
            rows.append(dict(zip(header, values)))
    except csv.Error as e:
        raise GradSumError(
            "{name}, line {line_num}: malformed: {e}", name=name, line_num=reader.line_num,
            e=e) from None
    return header, rows


def _check_header(header: list[str], name: str) -> None:
    if any(h == "" for h in header):
        raise GradSumError("{name}: the header has an empty column name.", name=name)
    dup = sorted({h for h in header if header.count(h) > 1})
    if dup:
        raise GradSumError(
            "{name}: duplicate column name(s): {dup}.", name=name, dup=', '.join(dup))


def _parse_json(text: str, name: str):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise GradSumError(
            "{name}, line {lineno}: not valid JSON: {msg}.", name=name, lineno=e.lineno,
            msg=e.msg) from None
    if not isinstance(data, list):
        raise GradSumError(
            "{name}: JSON must be a list of objects, got {data}.", name=name, data=_kind(data))
    return _objects(data, name, lambda i: f"item {i + 1}")


def _parse_jsonl(stream, name: str):
    items, where = [], []
    for lineno, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            items.append(json.loads(line))
        except json.JSONDecodeError as e:
            raise GradSumError(
                "{name}, line {lineno}: not valid JSON: {msg}.", name=name, lineno=lineno,
                msg=e.msg) from None
        where.append(lineno)
    return _objects(items, name, lambda i: f"line {where[i]}")


def _objects(items: list, name: str, where):
    columns: dict[str, None] = {}
    rows = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise GradSumError(
                "{name}, {where}: expected an object, got {item}.", name=name, where=where(i),
                item=_kind(item))
        row = {}
        for k, v in item.items():
            key = str(k).strip()
            if key == "":
                raise GradSumError("{name}, {where}: empty field name.", name=name, where=where(i))
            columns.setdefault(key, None)
            row[key] = _cell(v)
        rows.append(row)
    cols = list(columns)
    for row in rows:  # a field missing in some objects reads as empty text
        for c in cols:
            row.setdefault(c, "")
    return cols, rows


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    return json.dumps(v, ensure_ascii=False)


def _kind(v) -> str:
    return {dict: "an object", list: "a list", str: "a string", int: "a number",
            float: "a number", bool: "a boolean", type(None): "null"}.get(type(v), type(v).__name__)


@dataclass
class SplitSizes:
    train: int = 30
    val: int = 30
    test: int | None = None  # None = every remaining row; 0 = no test split


def suggest_sizes(n: int) -> SplitSizes:
    """Sizes that fit the data. Validation decides which candidate wins, and a win counts
    only beyond chance (core/selection.py), so it gets the rows the file can spare: up to
    100, with as many again left for the held-out test. Train rows only feed the gradients:
    30, as in the paper."""
    if n < 90:
        third = max(1, n // 3)
        return SplitSizes(third, third, None)
    val = min(100, (n - 30) // 2)
    return SplitSizes(30, val, None)


@dataclass
class Splits:
    """A run's rows by split: train, validation, and held out (the confirmation rows)."""
    train: list[int] = field(default_factory=list)
    val: list[int] = field(default_factory=list)
    test: list[int] = field(default_factory=list)

    def of(self, name: str) -> list[int]:
        return {"train": self.train, "val": self.val, "test": self.test}[name]


def check_sizes(n: int, sizes: SplitSizes) -> None:
    """The split sizes fit n rows (asked by the wizard's data step and by every run)."""
    need = sizes.train + sizes.val + (sizes.test or 0)
    if sizes.train < 1 or sizes.val < 1:
        raise GradSumError("Train and validation sets need at least one row each.")
    if need > n:
        raise GradSumError(
            "The data has {n} rows, but train {train} + validation {val} + test {test} = {need}. "
            "Lower the sizes or add rows.", n=n, train=sizes.train, val=sizes.val,
            test=sizes.test or 0, need=need)


def split_ids(ids: list[int], sizes: SplitSizes, seed: int) -> Splits:
    """Seeded shuffle, then train / validation / test slices of the sizes the user set."""
    n = len(ids)
    check_sizes(n, sizes)
    order = sorted(ids)
    random.Random(seed).shuffle(order)
    a, b = sizes.train, sizes.train + sizes.val
    c = n if sizes.test is None else b + sizes.test
    return Splits(order[:a], order[a:b], order[b:c])
