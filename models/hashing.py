"""SHA-256 of model files, cached by (path, size, mtime) so a 5 GB file is hashed once."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import platformdirs


def _cache_file() -> Path:
    return Path(platformdirs.user_cache_dir("gradsum-studio")) / "file-hashes.json"


def sha256_file(path: str | Path, chunk: int = 1 << 20, progress=None) -> str:
    path = Path(path).resolve()
    st = path.stat()
    ident = f"{path}|{st.st_size}|{st.st_mtime_ns}"
    cache = _load()
    if ident in cache:
        return cache[ident]
    h = hashlib.sha256()
    done = 0
    with open(path, "rb") as f:
        while block := f.read(chunk):
            h.update(block)
            done += len(block)
            if progress:
                progress(done, st.st_size)
    digest = h.hexdigest()
    cache[ident] = digest
    _save(cache)
    return digest


def _load() -> dict:
    try:
        return json.loads(_cache_file().read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def _save(cache: dict) -> None:
    target = _cache_file()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(cache), "utf-8")
        os.replace(tmp, target)
    except OSError:
        pass  # a cache we cannot write only costs a re-hash
