import struct

import pytest

from gradsum.core.errors import GradSumError
from gradsum.models import gguf


def s(text: str) -> bytes:
    b = text.encode()
    return struct.pack("<Q", len(b)) + b


def kv(key: str, vtype: int, payload: bytes) -> bytes:
    return s(key) + struct.pack("<I", vtype) + payload


def crafted(tensors=((4096, 32), (32,)), version=3, extra=b"") -> bytes:
    meta = [kv("general.architecture", 8, s("llama")), kv("general.name", 8, s("Tiny")),
            kv("general.file_type", 4, struct.pack("<I", 15)),
            kv("llama.context_length", 4, struct.pack("<I", 4096)),
            kv("llama.block_count", 4, struct.pack("<I", 2)),
            kv("llama.embedding_length", 4, struct.pack("<I", 64)),
            kv("llama.attention.head_count", 4, struct.pack("<I", 4)),
            kv("llama.attention.head_count_kv", 4, struct.pack("<I", 2)),
            kv("tokenizer.ggml.tokens", 9, struct.pack("<IQ", 8, 100) +
               b"".join(s(f"t{i}") for i in range(100))),
            kv("tokenizer.ggml.scores", 9, struct.pack("<IQ", 6, 100) + b"\0" * 400)]
    head = b"GGUF" + struct.pack("<IQQ", version, len(tensors), len(meta)) + b"".join(meta)
    for i, dims in enumerate(tensors):
        head += s(f"w{i}") + struct.pack("<I", len(dims)) + b"".join(
            struct.pack("<Q", d) for d in dims) + struct.pack("<IQ", 12, 0)
    return head + extra


def test_reads_metadata_without_weights(tmp_path):
    p = tmp_path / "tiny.gguf"
    p.write_bytes(crafted(extra=b"\0" * 40000))
    info = gguf.read(p)
    assert info.summary() == {"name": "Tiny", "architecture": "llama",
                              "parameters": 4096 * 32 + 32, "quantization": "Q4_K_M",
                              "context_length": 4096, "chat_template": False,
                              "gguf_version": 3, "tensors": 2}
    assert info.metadata["tokenizer.ggml.tokens"] == "<100 items>"
    assert info.kv_bytes_per_token() == 2 * 2 * (16 + 16) * 2


def test_real_bundled_model(model_path):
    info = gguf.read(model_path)
    assert info.architecture == "llama" and info.quantization == "Q4_1"
    assert 130e6 < info.parameters < 140e6 and info.context_length == 8192
    assert info.has_chat_template


@pytest.mark.parametrize("content, fragment", [
    (b"", "wrong magic"),
    (b"PK\x03\x04 a zip file", "wrong magic"),
    (b"GGUF" + struct.pack("<I", 1) + b"\0" * 32, "GGUF version 1"),
    (None, "header ends early"),
    ("tensor-cut", "the header describes at least"),
])
def test_bad_files_get_specific_errors(tmp_path, content, fragment):
    p = tmp_path / "bad.gguf"
    if content is None:
        content = crafted()[:150]
    elif content == "tensor-cut":
        content = crafted(tensors=((1 << 20, 64),))  # 64M weights but no data at all
    p.write_bytes(content)
    with pytest.raises(GradSumError) as e:
        gguf.read(p)
    assert fragment in str(e.value) and "bad.gguf" in str(e.value)


def test_split_parts(tmp_path):
    for i in (1, 2, 3):
        (tmp_path / f"m-{i:05d}-of-00003.gguf").write_bytes(b"GGUF")
    parts = gguf.split_parts(tmp_path / "m-00002-of-00003.gguf")
    assert [p.name for p in parts] == [f"m-{i:05d}-of-00003.gguf" for i in (1, 2, 3)]
    (tmp_path / "m-00003-of-00003.gguf").unlink()
    with pytest.raises(GradSumError, match="missing part"):
        gguf.split_parts(tmp_path / "m-00001-of-00003.gguf")
    assert gguf.split_parts(tmp_path / "plain.gguf") == [tmp_path / "plain.gguf"]
