"""Read a GGUF file's header (metadata and tensor table) without loading any weights.

Gives what the model library shows and the memory estimate needs: name, architecture,
parameter count, quantization, trained context length, chat template, layer and head counts.
A file that is not GGUF, is cut short, or has an unknown version gets a specific message.
"""
from __future__ import annotations

import io
import re
import struct
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import GradSumError

MAGIC = b"GGUF"
_SCALAR = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q",
           11: "<q", 12: "<d"}
STRING, ARRAY = 8, 9
# llama_ftype values (general.file_type) -> the names people know
FILE_TYPES = {0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 7: "Q8_0", 8: "Q5_0", 9: "Q5_1",
              10: "Q2_K", 11: "Q3_K_S", 12: "Q3_K_M", 13: "Q3_K_L", 14: "Q4_K_S",
              15: "Q4_K_M", 16: "Q5_K_S", 17: "Q5_K_M", 18: "Q6_K", 19: "IQ2_XXS",
              20: "IQ2_XS", 21: "Q2_K_S", 22: "IQ3_XS", 23: "IQ3_XXS", 24: "IQ1_S",
              25: "IQ4_NL", 26: "IQ3_S", 27: "IQ3_M", 28: "IQ2_S", 29: "IQ2_M", 30: "IQ4_XS",
              31: "IQ1_M", 32: "BF16", 36: "TQ1_0", 37: "TQ2_0", 38: "MXFP4"}
SPLIT_RE = re.compile(r"^(?P<stem>.*)-(?P<no>\d{5})-of-(?P<total>\d{5})\.gguf$", re.I)
MAX_ARRAY_KEEP = 64  # long arrays (the tokenizer's 50k tokens) are skipped, not kept


class _Truncated(Exception):
    pass


@dataclass
class GGUFInfo:
    path: Path
    version: int
    metadata: dict = field(default_factory=dict)
    tensor_count: int = 0
    parameters: int = 0

    @property
    def architecture(self) -> str:
        return self.metadata.get("general.architecture", "unknown")

    def arch_value(self, key: str, default=None):
        return self.metadata.get(f"{self.architecture}.{key}", default)

    @property
    def name(self) -> str:
        return self.metadata.get("general.name") or self.path.stem

    @property
    def quantization(self) -> str:
        ft = self.metadata.get("general.file_type")
        if ft is None:
            m = re.search(r"(I?Q\d_[A-Z0-9_]+|F16|BF16|F32)", self.path.name.upper())
            return m.group(1) if m else "unknown"
        return FILE_TYPES.get(ft, f"type {ft}")

    @property
    def context_length(self) -> int | None:
        return self.arch_value("context_length")

    @property
    def has_chat_template(self) -> bool:
        return bool(self.metadata.get("tokenizer.chat_template"))

    def kv_bytes_per_token(self) -> int:
        """K and V in f16 for every layer: what one token of context costs in memory."""
        layers = self.arch_value("block_count", 0) or 0
        heads = self.arch_value("attention.head_count", 1) or 1
        kv_heads = self.arch_value("attention.head_count_kv", heads) or heads
        if isinstance(kv_heads, list):  # per-layer counts in some architectures
            kv_heads = max(kv_heads)
        embd = self.arch_value("embedding_length", 0) or 0
        k_len = self.arch_value("attention.key_length", embd // heads if heads else 0)
        v_len = self.arch_value("attention.value_length", k_len)
        return int(layers * kv_heads * (k_len + v_len) * 2)

    def summary(self) -> dict:
        return {"name": self.name, "architecture": self.architecture,
                "parameters": self.parameters, "quantization": self.quantization,
                "context_length": self.context_length, "chat_template": self.has_chat_template,
                "gguf_version": self.version, "tensors": self.tensor_count}


class _Reader:
    def __init__(self, f):
        self.f = f

    def take(self, n: int) -> bytes:
        b = self.f.read(n)
        if len(b) != n:
            raise _Truncated()
        return b

    def scalar(self, t: int):
        fmt = _SCALAR[t]
        return struct.unpack(fmt, self.take(struct.calcsize(fmt)))[0]

    def string(self) -> str:
        n = self.scalar(10)
        if n > 1 << 30:
            raise GradSumError("corrupt string length")
        return self.take(n).decode("utf-8", "replace")

    def value(self, t: int):
        if t in _SCALAR:
            return self.scalar(t)
        if t == STRING:
            return self.string()
        if t == ARRAY:
            item_t, count = self.scalar(4), self.scalar(10)
            if count > 1 << 32:
                raise GradSumError("corrupt array length")
            if item_t in _SCALAR and count > MAX_ARRAY_KEEP:  # skip without decoding
                self.take(struct.calcsize(_SCALAR[item_t]) * count)
                return f"<{count} items>"
            items = [self.value(item_t) for _ in range(count)]
            return items if count <= MAX_ARRAY_KEEP else f"<{count} items>"
        raise GradSumError("unknown metadata value type {t}", t=t)


def read(path: str | Path) -> GGUFInfo:
    path = Path(path)
    if not path.exists():
        raise GradSumError("Model file not found: {path}", path=path)
    if path.is_dir():
        raise GradSumError("{path} is a folder, not a .gguf model file.", path=path)
    size = path.stat().st_size
    try:
        with open(path, "rb") as raw:
            r = _Reader(io.BufferedReader(raw, 1 << 20))
            head = r.f.read(8)
            if len(head) < 8 or head[:4] != MAGIC:
                raise GradSumError(
                    "{name} is not a GGUF model file (wrong magic bytes).", name=path.name)
            version = struct.unpack("<I", head[4:])[0]
            if version not in (2, 3):
                raise GradSumError(
                    "{name} is GGUF version {version}; supported: 2 and 3.", name=path.name,
                    version=version)
            n_tensors, n_kv = r.scalar(10), r.scalar(10)
            if n_tensors > 1 << 24 or n_kv > 1 << 24:
                raise GradSumError("{name}: corrupt GGUF header (absurd counts).", name=path.name)
            info = GGUFInfo(path, version, tensor_count=n_tensors)
            for _ in range(n_kv):
                key = r.string()
                info.metadata[key] = r.value(r.scalar(4))
            for _ in range(n_tensors):
                r.string()
                dims = [r.scalar(10) for _ in range(r.scalar(4))]
                r.scalar(4)   # tensor type
                r.scalar(10)  # offset
                n = 1
                for d in dims:
                    n *= d
                info.parameters += n
    except _Truncated:
        raise GradSumError(
            "{name} is truncated: its header ends early (file is {size} bytes). The download or "
            "copy is incomplete.", name=path.name, size=size) from None
    except GradSumError as e:
        if path.name in str(e):
            raise
        raise GradSumError("{name}: {e}", name=path.name, e=e) from None
    expected = _data_end_hint(info)
    if expected and size < expected:
        raise GradSumError(
            "{name} is truncated: {size} bytes, the header describes at least {expected}. The "
            "download or copy is incomplete.", name=path.name, size=size, expected=expected)
    return info


def _data_end_hint(info: GGUFInfo) -> int | None:
    """A lower bound of the file size from the parameter count (2 bits a weight at least),
    unless the file is one part of a split model."""
    if info.metadata.get("split.count", 1) > 1 or not info.parameters:
        return None
    return info.parameters // 4


def split_parts(path: str | Path) -> list[Path]:
    """All files of a split GGUF (name-00001-of-00003.gguf), in order; [path] otherwise."""
    path = Path(path)
    m = SPLIT_RE.match(path.name)
    if not m:
        return [path]
    total = int(m.group("total"))
    parts = [path.with_name(f"{m.group('stem')}-{i:05d}-of-{total:05d}.gguf")
             for i in range(1, total + 1)]
    missing = [p.name for p in parts if not p.exists()]
    if missing:
        raise GradSumError(
            "Split model {m} is missing part(s): {missing}.", m=m.group('stem'),
            missing=', '.join(missing))
    return parts
