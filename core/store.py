"""One SQLite file per project: settings, rows, runs and every LLM call.

WAL journal, one connection per thread, schema migrations keyed on PRAGMA user_version.
Writes are idempotent upserts on natural keys, so a resumed run that replays its steps
rewrites the same rows instead of duplicating them. The llm_calls table is the cache: a
request whose key is there is never sent to a model again.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no run lock (SQLite's own locking still protects the file)
    fcntl = None

import sqlite_utils

from .errors import GradSumError
from .plan import RunPlan
from .messages import loaded, stored

SCHEMA_VERSION = 2


def _v1(db: sqlite_utils.Database) -> None:
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["settings"].create({"key": str, "value": str}, pk="key")
    db["rows"].create({"id": int, "data": str, "answer": str}, pk="id")
    db["runs"].create({
        "id": int, "status": str, "config": str, "created": float, "updated": float,
        "finished": float, "stop_reason": str, "result": str, "metaprompts": str,
        "active_s": float, "error": str}, pk="id")
    db["iterations"].create({
        "run_id": int, "idx": int, "batch": str, "beam": str, "proposed": int, "usable": int,
        "best_val": float, "done": int}, pk=("run_id", "idx"))
    db["candidates"].create({
        "run_id": int, "key": str, "iteration": int, "parent_key": str, "prompt": str,
        "instruction": str, "origin": str, "status": str, "reason": str, "tokens": int,
        "val_score": float, "train_score": float, "seq": int, "val_rows": int},
        pk=("run_id", "key"))
    db["scores"].create({
        "run_id": int, "prompt_key": str, "row_id": int, "split": str, "output": str,
        "score": float, "judge_score": float, "judge_reason": str, "metric_scores": str,
        "check_score": float}, pk=("run_id", "prompt_key", "row_id"))
    db["gradients"].create({
        "run_id": int, "iteration": int, "prompt_key": str, "row_id": int, "text": str},
        pk=("run_id", "iteration", "prompt_key", "row_id"))
    db["summaries"].create({
        "run_id": int, "iteration": int, "prompt_key": str, "text": str, "edited": int},
        pk=("run_id", "iteration", "prompt_key"))
    db["llm_calls"].create({
        "key": str, "role": str, "model_id": str, "params": str, "messages": str,
        "grammar": str, "output": str, "prompt_tokens": int, "completion_tokens": int,
        "ms": float, "finish_reason": str, "run_id": int, "created": float, "computed": int},
        pk="key")
    db["llm_calls"].create_index(["run_id"])


def _v2(db: sqlite_utils.Database) -> None:
    """A run's plan (splits, estimate, edits) gets a column of its own beside the config;
    earlier files kept it merged into the config."""
    db["runs"].add_column("plan", str)
    for r in list(db["runs"].rows):
        config = json.loads(r["config"]) if r["config"] else {}
        plan = {k: config.pop(k) for k in RunPlan.KEYS if k in config}
        db["runs"].update(r["id"], {"config": json.dumps(config, ensure_ascii=False),
                                    "plan": json.dumps(plan, ensure_ascii=False)})


MIGRATIONS = [_v1, _v2]  # MIGRATIONS[i] brings a file from version i to i + 1
assert len(MIGRATIONS) == SCHEMA_VERSION


# each optimizer table's natural key: records are upserted on it, so a resumed run that
# writes a record again replaces it instead of adding a second one
NATURAL_KEYS = {"scores": ("run_id", "prompt_key", "row_id"), "candidates": ("run_id", "key"),
                "iterations": ("run_id", "idx"),
                "gradients": ("run_id", "iteration", "prompt_key", "row_id"),
                "summaries": ("run_id", "iteration", "prompt_key")}


def prompt_key(prompt: str) -> str:
    return hashlib.sha256(prompt.encode("utf-8")).hexdigest()[:16]


def call_key(model_id: str, params: dict, messages, grammar: str | None) -> str:
    blob = json.dumps([model_id, params, messages, grammar], ensure_ascii=False,
                      sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class Store:
    def __init__(self, path: str | Path, create: bool = False):
        self.path = Path(path)
        if not create and not self.path.exists():
            raise GradSumError("Project file not found: {path}", path=self.path)
        if create and self.path.exists():
            raise GradSumError("{path} already exists; choose another name.", path=self.path)
        self._lock_fd: int | None = None
        self.read_only = not create and not (self.path.stat().st_mode & 0o222)
        try:
            if self.read_only:  # honoured even for root, who could write anyway
                conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30)
            else:
                conn = sqlite3.connect(str(self.path), timeout=30)
                conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            self.db = sqlite_utils.Database(conn)
            self._migrate(create)
        except sqlite3.DatabaseError as e:
            msg = str(e)
            if "not a database" in msg or "file is encrypted" in msg:
                raise GradSumError(
                    "{path} is not a GradSum project file.", path=self.path) from None
            if "readonly" in msg or "read-only" in msg:
                raise GradSumError(
                    "{path} is read-only: copy it somewhere writable.", path=self.path) from None
            raise GradSumError(
                "Cannot open project {path}: {msg}", path=self.path, msg=msg) from None

    def _migrate(self, create: bool) -> None:
        conn = self.db.conn
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if self.read_only:
            if version != SCHEMA_VERSION:
                self._migrate_check(version)
            return
        self._migrate_check(version)
        if version == 0 and not create:
            raise GradSumError("{path} is not a GradSum project file.", path=self.path)
        with self.tx():
            for step in range(version, SCHEMA_VERSION):
                MIGRATIONS[step](self.db)
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def _migrate_check(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise GradSumError(
                "{path} was written by a newer GradSum Studio (schema {version}; this version "
                "reads up to {supported}). Update the app to open it.", path=self.path,
                version=version, supported=SCHEMA_VERSION)
        if version == 0 and self.read_only:
            raise GradSumError("{path} is not a GradSum project file.", path=self.path)
        if version < SCHEMA_VERSION and self.read_only:
            raise GradSumError(
                "{path} is read-only and needs upgrading from schema {version}: copy it somewhere "
                "writable first.", path=self.path, version=version)

    @contextmanager
    def tx(self):
        """One transaction; storage errors become messages a user can act on. A failed
        transaction is rolled back whole, so what was stored before stays intact."""
        try:
            with self.db.conn:
                yield
        except sqlite3.OperationalError as e:
            msg = str(e).lower()
            if "full" in msg:
                raise GradSumError(
                    "The disk holding {name} is full. Nothing already stored was lost; free some "
                    "space and resume the run.", name=self.path.name) from None
            if "readonly" in msg or "read-only" in msg:
                raise GradSumError(
                    "{path} is read-only: copy it somewhere writable to run or change it.",
                    path=self.path) from None
            if "locked" in msg or "busy" in msg:
                raise GradSumError(
                    "{name} is busy in another program; try again in a moment.",
                    name=self.path.name) from None
            raise

    def lock_for_run(self) -> None:
        """Only one process may run optimizations on a project at a time; others may read."""
        if fcntl is None or self._lock_fd is not None:
            return
        fd = os.open(self.path, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise GradSumError(
                "{name} is in use: another GradSum Studio process is running an optimization on "
                "it. Wait for it to finish, or open the project read-only.",
                name=self.path.name) from None
        self._lock_fd = fd

    def close(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # releases the run lock
            self._lock_fd = None
        self.db.conn.close()

    # --- settings and rows ------------------------------------------------------------------
    def put_settings(self, settings: dict) -> None:
        with self.tx():
            for k, v in settings.items():
                self.db["settings"].upsert({"key": k, "value": json.dumps(v, ensure_ascii=False)},
                                           pk="key")

    def settings(self) -> dict:
        return {r["key"]: json.loads(r["value"]) for r in self.db["settings"].rows}

    def meta(self, key: str) -> str | None:
        row = self.db.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def put_meta(self, key: str, value: str) -> None:
        with self.tx():
            self.db["meta"].upsert({"key": key, "value": value}, pk="key")

    def add_rows(self, rows, answers) -> int:
        recs = ({"data": json.dumps(r, ensure_ascii=False), "answer": a}
                for r, a in zip(rows, answers))
        with self.tx():
            self.db["rows"].insert_all(recs, batch_size=1000)
        return self.db["rows"].count

    def row_ids(self) -> list[int]:
        return [r[0] for r in self.db.conn.execute("SELECT id FROM rows ORDER BY id")]

    def rows(self, ids: list[int]) -> dict[int, tuple[dict, str | None]]:
        out = {}
        for chunk in range(0, len(ids), 500):
            part = ids[chunk:chunk + 500]
            q = f"SELECT id, data, answer FROM rows WHERE id IN ({','.join('?' * len(part))})"
            for rid, data, ans in self.db.conn.execute(q, part):
                out[rid] = (json.loads(data), ans)
        return out

    # --- runs -------------------------------------------------------------------------------
    def new_run(self, config: dict, plan: dict, metaprompts: dict) -> int:
        now = time.time()
        with self.tx():
            return self.db["runs"].insert({
                "status": "running", "config": json.dumps(config, ensure_ascii=False),
                "plan": json.dumps(plan, ensure_ascii=False),
                "created": now, "updated": now, "metaprompts": json.dumps(metaprompts,
                ensure_ascii=False), "active_s": 0.0}).last_pk

    def run(self, run_id: int) -> dict:
        try:
            r = self.db["runs"].get(run_id)
        except sqlite_utils.db.NotFoundError:
            raise GradSumError(
                "No run {run_id} in {path}.", run_id=run_id, path=self.path) from None
        for k in ("config", "plan", "result", "metaprompts"):
            r[k] = json.loads(r[k]) if r[k] else None
        r["stop_reason"] = loaded(r["stop_reason"])
        if r["result"] and "stop_reason" in r["result"]:  # that copy is English text only
            r["result"]["stop_reason"] = r["stop_reason"]
        return r

    def runs(self) -> list[dict]:
        return [self.run(r["id"]) for r in self.db["runs"].rows_where(order_by="id")]

    def latest_run(self, optimization: bool = False) -> dict | None:
        """The newest run; with optimization=True, skip evaluation-only runs."""
        for r in reversed(self.runs()):
            if not (optimization and RunPlan.of_run(r).evaluation_only):
                return r
        return None

    def update_run(self, run_id: int, **fields) -> None:
        for k in ("result", "config"):
            if k in fields and not isinstance(fields[k], str):
                fields[k] = json.dumps(fields[k], ensure_ascii=False)
        fields = {k: stored(v) for k, v in fields.items()}
        fields["updated"] = time.time()
        with self.tx():
            self.db["runs"].update(run_id, fields)

    # --- the call cache -----------------------------------------------------------------------
    def cached(self, keys: list[str]) -> dict[str, sqlite3.Row]:
        out = {}
        for chunk in range(0, len(keys), 500):
            part = keys[chunk:chunk + 500]
            q = ("SELECT key, output, prompt_tokens, completion_tokens, ms, finish_reason "
                 f"FROM llm_calls WHERE key IN ({','.join('?' * len(part))})")
            for row in self.db.conn.execute(q, part):
                out[row[0]] = row
        return out

    def import_calls(self, other: Path) -> int:
        """Copy the calls another project file made outside any run (a fit check on a scratch
        copy) into this cache, so a run here is served them; returns how many were new."""
        conn = self.db.conn
        before = conn.total_changes
        conn.execute("ATTACH DATABASE ? AS other", (str(other),))
        try:
            with self.tx():
                conn.execute("INSERT OR IGNORE INTO llm_calls SELECT * FROM other.llm_calls "
                             "WHERE run_id IS NULL")
        finally:
            conn.execute("DETACH DATABASE other")
        return conn.total_changes - before

    def record_call(self, key: str, *, role: str, model_id: str, params: dict, messages,
                    grammar: str | None, output: str, prompt_tokens: int,
                    completion_tokens: int, ms: float, finish_reason: str, run_id: int) -> None:
        """Committed at once, so a call that finished before a crash is never made again.
        `computed` counts how often a key was computed: more than 1 would be a wasted call."""
        with self.tx():
            self.db.conn.execute(
                "INSERT INTO llm_calls (key, role, model_id, params, messages, grammar, output,"
                " prompt_tokens, completion_tokens, ms, finish_reason, run_id, created, computed)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,1) ON CONFLICT(key) DO UPDATE SET"
                " computed = computed + 1, output = excluded.output",
                (key, role, model_id, json.dumps(params, sort_keys=True),
                 json.dumps(messages, ensure_ascii=False), grammar, output, prompt_tokens,
                 completion_tokens, ms, finish_reason, run_id, time.time()))

    def calls_of_run(self, run_id: int) -> int:
        return self.db.conn.execute(
            "SELECT count(*) FROM llm_calls WHERE run_id = ?", (run_id,)).fetchone()[0]

    def repeated_calls(self) -> int:
        return self.db.conn.execute(
            "SELECT coalesce(sum(computed - 1), 0) FROM llm_calls").fetchone()[0]

    # --- optimizer records (idempotent upserts on each table's natural key) ----------------
    def save(self, table: str, record: dict) -> None:
        self.save_many(table, [record])

    def save_many(self, table: str, records: list[dict]) -> None:
        recs = [{k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict))
                     else stored(v)) for k, v in r.items()} for r in records]
        if recs:
            with self.tx():
                self.db[table].upsert_all(recs, pk=NATURAL_KEYS[table])

    def initial_prompt(self, run_id: int) -> str | None:
        row = self.db.conn.execute(
            "SELECT prompt FROM candidates WHERE run_id = ? AND origin = 'initial'",
            (run_id,)).fetchone()
        return row[0] if row else None

    def finished_iterations(self, run_id: int) -> list[tuple]:
        """(idx, batch row ids, beam keys, best validation score) of each finished iteration."""
        return [(idx, json.loads(batch or "[]"), json.loads(beam or "[]"), best)
                for idx, batch, beam, best in self.db.conn.execute(
                    "SELECT idx, batch, beam, best_val FROM iterations WHERE run_id = ? AND "
                    "done = 1 ORDER BY idx", (run_id,))]

    def mean_scores(self, run_id: int, row_ids: list[int], keys: list[str]) -> dict[str, float]:
        """Each prompt's mean score over the given rows."""
        if not row_ids or not keys:
            return {}
        q = (f"SELECT prompt_key, avg(score) FROM scores WHERE run_id = ? AND row_id IN "
             f"({','.join('?' * len(row_ids))}) AND prompt_key IN "
             f"({','.join('?' * len(keys))}) GROUP BY prompt_key")
        return dict(self.db.conn.execute(q, [run_id, *row_ids, *keys]).fetchall())

    def split_scores(self, run_id: int, split: str) -> list[tuple]:
        """(prompt key, row id, output, score, judge reason) of every scored pair on a split."""
        return self.db.conn.execute(
            "SELECT prompt_key, row_id, output, score, judge_reason FROM scores "
            "WHERE run_id = ? AND split = ?", (run_id, split)).fetchall()

    def outputs(self, run_id: int, key: str, row_ids: list[int]) -> dict[int, str]:
        """A prompt's stored outputs on the given rows, by row id (rows it has none for are
        left out)."""
        if not row_ids:
            return {}
        return dict(self.db.conn.execute(
            f"SELECT row_id, output FROM scores WHERE run_id = ? AND prompt_key = ? AND "
            f"row_id IN ({','.join('?' * len(row_ids))})", [run_id, key, *row_ids]).fetchall())

    def judge_agreement(self, run_id: int) -> dict:
        """How often the judge agrees with the deterministic check on validation rows."""
        n, agree = self.db.conn.execute(
            "SELECT count(*), sum(judge_score = check_score) FROM scores WHERE run_id = ? AND "
            "split = 'val' AND judge_score IS NOT NULL AND check_score IS NOT NULL",
            (run_id,)).fetchone()
        return {"rows": n, "agreement": ((agree or 0) / n) if n else None}

    def models_of_run(self, run_id: int) -> list[dict]:
        return [{"role": r, "model_id": m} for r, m in self.db.conn.execute(
            "SELECT DISTINCT role, model_id FROM llm_calls WHERE run_id = ? ORDER BY role",
            (run_id,))]

    def row_count(self) -> int:
        return self.db["rows"].count

    def backup(self, dest: Path) -> None:
        """A consistent copy through SQLite's backup API (safe while the file is in use),
        written whole or not at all."""
        tmp = dest.with_name(f".{dest.name}.tmp")
        try:
            target = sqlite3.connect(tmp)
            with target:
                self.db.conn.backup(target)
            target.close()
            tmp.replace(dest)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def candidate(self, run_id: int, key: str) -> dict | None:
        rows = list(self.db["candidates"].rows_where("run_id = ? AND key = ?", [run_id, key]))
        return _with_reason(rows[0]) if rows else None

    def candidates(self, run_id: int) -> list[dict]:
        return [_with_reason(r) for r in
                self.db["candidates"].rows_where("run_id = ?", [run_id], order_by="seq")]

    def where(self, table: str, run_id: int, order_by: str | None = None) -> list[dict]:
        return list(self.db[table].rows_where("run_id = ?", [run_id], order_by=order_by))

    def integrity_ok(self) -> bool:
        return self.db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    def set_answer_column(self, column: str | None) -> None:
        """Re-read each row's expected answer from its stored data (all columns are kept)."""
        with self.tx():
            if column is None:
                self.db.conn.execute("UPDATE rows SET answer = NULL")
            else:
                self.db.conn.execute("UPDATE rows SET answer = json_extract(data, ?)",
                                     ("$." + json.dumps(column),))

    def preview_rows(self, n: int = 20) -> list[dict]:
        return [json.loads(r[0]) for r in
                self.db.conn.execute("SELECT data FROM rows ORDER BY id LIMIT ?", (n,))]


def _with_reason(candidate: dict) -> dict:
    """A candidate row with its reason a Message again (translatable), as it was saved."""
    candidate["reason"] = loaded(candidate["reason"])
    return candidate
