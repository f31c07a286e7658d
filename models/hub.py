"""Hugging Face hub: search GGUF repos, list their files, download with progress, cancel and
resume. Used only when the user asks; the app runs with the hub switched offline otherwise.

huggingface-hub deletes partial files and cannot be cancelled mid-file, so the download
itself is a ranged HTTP GET written here: bytes go to FILE.part, a later call continues from
its size, and the result is checked against the SHA-256 the hub lists for the file.
"""
from __future__ import annotations

import hashlib
import http.client
import os
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from ..core.engine import CancelToken
from ..core.errors import Cancelled, GradSumError
from .gguf import FILE_TYPES

DEFAULT_ENDPOINT = "https://huggingface.co"
CHUNK = 1 << 20


@dataclass(frozen=True)
class HubFile:
    repo: str
    filename: str
    size: int | None
    sha256: str | None
    quantization: str


def _check_online(endpoint: str) -> None:
    """A quick TCP connect first: offline, the hub client would retry for half a minute."""
    parts = urlsplit(endpoint)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        socket.create_connection((parts.hostname, port), timeout=3).close()
    except OSError as e:
        raise GradSumError(
            "The hub at {endpoint} cannot be reached: this machine seems to be offline ({why}). "
            "Everything else works offline.", endpoint=endpoint, why=e.strerror or e
                           ) from None


def _api(endpoint: str):
    from huggingface_hub import HfApi, constants
    _check_online(endpoint)
    constants.HF_HUB_OFFLINE = False  # the user asked for the hub: this call may go online
    return HfApi(endpoint=endpoint)


def _quant_of(name: str) -> str:
    up = name.upper()
    for q in sorted(set(FILE_TYPES.values()), key=len, reverse=True):
        if q in up:
            return q
    return "unknown"


def search(query: str, endpoint: str = DEFAULT_ENDPOINT, limit: int = 30) -> list[str]:
    try:
        return [m.id for m in _api(endpoint).list_models(search=query, filter="gguf",
                                                         limit=limit)]
    except Exception as e:  # network errors come in many types: one clear message
        raise GradSumError("Hub search failed (offline?): {e}", e=e) from None


def list_files(repo: str, endpoint: str = DEFAULT_ENDPOINT) -> list[HubFile]:
    try:
        info = _api(endpoint).model_info(repo, files_metadata=True)
    except Exception as e:
        raise GradSumError(
            "Cannot list {repo} on the hub (offline?): {e}", repo=repo, e=e) from None
    out = []
    for s in info.siblings or []:
        if s.rfilename.lower().endswith(".gguf"):
            lfs = s.lfs
            out.append(HubFile(repo, s.rfilename, s.size, lfs.sha256 if lfs else None,
                               _quant_of(s.rfilename)))
    return out


def download(file: HubFile, dest_dir: str | Path, endpoint: str = DEFAULT_ENDPOINT,
             cancel: CancelToken | None = None,
             progress: Callable[[int, int | None], None] | None = None,
             revision: str = "main") -> Path:
    """Download into dest_dir, resuming FILE.part if an earlier attempt stopped."""
    cancel = cancel or CancelToken()
    dest = Path(dest_dir) / Path(file.filename).name
    if dest.exists():
        return dest  # never download the same file twice
    part = dest.with_name(dest.name + ".part")
    url = f"{endpoint.rstrip('/')}/{file.repo}/resolve/{revision}/{file.filename}"
    have = part.stat().st_size if part.exists() else 0
    if file.size is not None and have > file.size:
        part.unlink()
        have = 0
    if file.size is None or have < file.size:
        req = urllib.request.Request(url, headers={"Range": f"bytes={have}-"} if have else {})
        try:
            resp = urllib.request.urlopen(req, timeout=60)
        except urllib.error.HTTPError as e:
            raise GradSumError(
                "Download of {filename} failed: HTTP {code}.", filename=file.filename, code=e.code) from None
        except OSError as e:
            raise GradSumError(
                "Download of {filename} failed (offline?): {e}", filename=file.filename, e=e) from None
        with resp:
            if have and resp.status != 206:  # the server ignored the range: start over
                have = 0
            total = file.size
            with open(part, "ab" if have else "wb") as f:
                done = have
                try:
                    while True:
                        if cancel.cancelled:
                            raise Cancelled()
                        block = resp.read(CHUNK)
                        if not block:
                            break
                        f.write(block)
                        done += len(block)
                        if progress:
                            progress(done, total)
                except (OSError, http.client.HTTPException) as e:
                    raise GradSumError(
                        "Download of {filename} was interrupted at {done} bytes; start it again to "
                        "resume: {e}", filename=file.filename, done=done, e=e) from None
    size = part.stat().st_size
    if file.size is not None and size < file.size:
        raise GradSumError(
            "Download of {filename} stopped at {size} of {total} bytes; start it again to resume.",
            filename=file.filename, size=size, total=file.size)
    if file.sha256:
        h = hashlib.sha256()
        with open(part, "rb") as f:
            while block := f.read(CHUNK):
                h.update(block)
        if h.hexdigest() != file.sha256:
            part.unlink()
            raise GradSumError(
                "{filename} failed its checksum (SHA-256 {got}… instead of {want}…); the partial "
                "file was deleted. Download it again.", filename=file.filename,
                got=h.hexdigest()[:12], want=file.sha256[:12])
    os.replace(part, dest)
    return dest
