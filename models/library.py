"""The model library: GGUF files the user has, referenced in place (copied only on request),
with their header metadata and SHA-256. Stored in the per-user data folder."""
from __future__ import annotations

import hashlib
import shutil
import time
from pathlib import Path

import sqlite_utils

from ..core.errors import GradSumError
from ..core.places import data_folder
from . import gguf
from .hashing import sha256_file


def library_dir() -> Path:
    return data_folder()


class Library:
    def __init__(self, path: Path | None = None):
        self.path = path or library_dir() / "models.db"
        self.db = sqlite_utils.Database(self.path)
        self.db.conn.execute("PRAGMA journal_mode=WAL")
        if "models" not in self.db.table_names():
            self.db["models"].create({
                "id": str, "path": str, "parts": str, "size": int, "sha256": str, "name": str,
                "architecture": str, "parameters": int, "quantization": str,
                "context_length": int, "chat_template": int, "source": str, "added": float,
                "copied": int}, pk="id")

    @staticmethod
    def model_id(path: Path) -> str:
        return hashlib.sha256(str(Path(path).resolve()).encode()).hexdigest()[:12]

    def download(self, file, endpoint: str, cancel=None, progress=None) -> dict:
        """Download a hub file (models/hub.py: resumable, never twice) into the library's
        folder and add it as a download: the one way both the window and the CLI do it."""
        from . import hub
        dest = library_dir() / "files"
        dest.mkdir(exist_ok=True)
        path = hub.download(file, dest, endpoint, cancel, progress)
        return self.add(path, source="download")

    def add(self, path: str | Path, source: str = "import", copy: bool = False,
            name: str | None = None) -> dict:
        path = Path(path).expanduser()
        if path.is_dir():
            raise GradSumError(
                "{path} is a folder; choose a .gguf file (or use discover).", path=path)
        parts = gguf.split_parts(path)
        info = gguf.read(parts[0])
        for p in parts[1:]:  # every part of a split model is a GGUF file of its own
            gguf.read(p)
        if copy:
            dest_dir = library_dir() / "files"
            dest_dir.mkdir(exist_ok=True)
            copied = []
            for p in parts:
                dest = dest_dir / p.name
                if not dest.exists():
                    tmp = dest.with_suffix(".part")
                    shutil.copyfile(p, tmp)
                    tmp.replace(dest)
                copied.append(dest)
            parts = copied
        rec = {"id": self.model_id(parts[0]), "path": str(parts[0].resolve()),
               "parts": ",".join(str(p.resolve()) for p in parts),
               "size": sum(p.stat().st_size for p in parts), "sha256": None,
               "name": name or info.name, "architecture": info.architecture,
               "parameters": info.parameters, "quantization": info.quantization,
               "context_length": info.context_length, "chat_template": int(info.has_chat_template),
               "source": source, "added": time.time(), "copied": int(copy)}
        existing = self.get(rec["id"], missing_ok=True)
        if existing:
            return existing
        self.db["models"].insert(rec)
        return rec

    def get(self, model_id: str, missing_ok: bool = False) -> dict | None:
        try:
            return self.db["models"].get(model_id)
        except sqlite_utils.db.NotFoundError:
            if missing_ok:
                return None
            raise GradSumError(
                "No model with id {model_id} in the library.", model_id=model_id) from None

    def list(self) -> list[dict]:
        return list(self.db["models"].rows_where(order_by="added"))

    def remove(self, model_id: str) -> None:
        rec = self.get(model_id)
        self.db["models"].delete(model_id)
        if rec["copied"]:  # only files the library copied are ours to delete
            for p in rec["parts"].split(","):
                Path(p).unlink(missing_ok=True)

    def compute_hash(self, model_id: str, progress=None) -> str:
        """SHA-256 of the model (of its first part for a split model), with progress."""
        rec = self.get(model_id)
        digest = sha256_file(rec["path"], progress=progress)
        self.db["models"].update(model_id, {"sha256": digest})
        return digest

    def ensure_bundled(self) -> dict | None:
        from .bundled import bundled_model_path
        try:
            path = bundled_model_path()
        except GradSumError:
            return None
        rec = self.add(path, source="bundled")
        if not rec["sha256"]:
            self.compute_hash(rec["id"])  # 98 MB: a fraction of a second, cached afterwards
            rec = self.get(rec["id"])
        return rec
