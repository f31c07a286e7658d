"""Export a run's result as .txt, .md, .json or .yaml, written atomically."""
from __future__ import annotations

import errno
import json
import os
import tempfile
from pathlib import Path

import yaml

from . import labels as lab, outcome, result
from .result import RunResult
from .errors import GradSumError
from .store import Store

FORMATS = ("txt", "md", "json", "yaml", "html")


def report(store: Store, run_id: int | None = None) -> dict:
    run = store.run(run_id) if run_id else store.latest_run(optimization=True)
    if run is None or not run["result"]:
        raise GradSumError("{path} has no finished run to export yet.", path=store.path)
    rid = run["id"]
    cands = store.candidates(rid)
    summaries = store.where("summaries", rid, order_by="iteration")
    return {
        "project": store.settings(),
        "run": {"id": rid, "status": run["status"], "stop_reason": run["stop_reason"],
                "config": {k: v for k, v in run["config"].items() if k != "splits"}},
        "result": run["result"],
        # what the gain is made of, in words (the per-label figures are in result.labels)
        "made_of": str(result.made_of_line(RunResult.from_dict(run["result"])) or "") or None,
        "summaries": [{"iteration": s["iteration"], "text": s["text"]} for s in summaries],
        "candidates": [{k: c[k] for k in ("iteration", "key", "parent_key", "status", "reason",
                                          "val_score", "train_score", "tokens", "prompt")}
                       for c in cands],
        "metaprompts": run["metaprompts"],
        "models": store.models_of_run(rid),
    }


def pct(x) -> str:
    return "—" if x is None else f"{x:.1%}"


class Labels(dict):
    """The words of the .md and .html reports. English here; the GUI passes its translations
    (and, as "__message__", its translator for core's Messages), so a report reads in the
    interface's language. `lang` is the HTML lang attribute."""
    def __missing__(self, key: str) -> str:
        return key

    def message(self, text: str) -> str:
        return self.get("__message__", str)(text)

    def gain(self, res: RunResult) -> str:
        return self.message(result.gain_line(res.test_gain))

    def note(self, res: RunResult) -> str:
        return self.message(result.note(res))

    def made_of(self, res: RunResult) -> str:
        line = result.made_of_line(res)
        return self.message(line) if line else ""


def _label_html(res: RunResult, t: Labels) -> str:
    """Each prompt's confusion table (expected x answered) on the held-out rows."""
    from html import escape as e
    parts = []
    for name, s in result.label_standings(res):
        cells = lab.grid(s)
        head = "".join(f"<th>{e(t[c])}</th>" for c in cells[0][1:])
        body = "".join("<tr><th>" + e(r[0]) + "</th>" + "".join(f"<td>{c}</td>" for c in r[1:])
                       + "</tr>" for r in cells[1:])
        parts.append(f"<h3>{e(t[name])}</h3><p>{e(t.message(lab.spread_line(s)))}</p>"
                     f"<table><tr><th>{e(t[lab.CORNER])}</th>{head}</tr>{body}"
                     "</table>")
    if not parts:
        return ""
    return f"<h2>{e(t['Answers per label (held-out rows)'])}</h2>" + "".join(parts)


def _labels(labels: dict | None) -> Labels:
    return Labels(labels or {})


def render(rep: dict, fmt: str, labels: dict | None = None) -> str:
    res = RunResult.from_dict(rep["result"])
    if fmt == "txt":  # the prompt byte for byte as it was scored: a trailing newline alone
        return res.best_prompt  # moved a held-out score by 2 of 60 rows on the bundled model
    if fmt == "json":
        return json.dumps(rep, ensure_ascii=False, indent=2) + "\n"
    if fmt == "yaml":
        plain = json.loads(json.dumps(rep))  # Messages as the plain text YAML can write
        return yaml.safe_dump(plain, allow_unicode=True, sort_keys=False, width=100)
    if fmt == "html":
        return render_html(rep, labels)
    if fmt == "md":
        p, t = rep["project"], _labels(labels)
        lines = [f"# {p.get('name', 'GradSum project')}: {t['optimized prompt']}", "",
                 "```text", res.best_prompt.rstrip("\n"), "```", "",
                 f"| | {t['initial prompt']} | {t['best prompt']} |", "|---|---|---|",
                 f"| {t['validation']} | {pct(res.initial_val_score)} | "
                 f"{pct(res.best_val_score)} |",
                 f"| {t['test']} | {pct(res.test_score_initial)} | "
                 f"{pct(res.test_score_best)} |", "",
                 t.gain(res), "",
                 t.note(res), "",
                 *([t.made_of(res), ""] if t.made_of(res) else []),
                 t["{0}. LLM calls: {1} (cached: {2}), wall time {3} s."].format(
                     t.message(outcome.ended(res.stop_reason)), res.llm_calls, res.cached_calls,
                     res.wall_s), "",
                 f"## {t['Initial prompt']}", "", "```text", res.initial_prompt.rstrip("\n"),
                 "```"]
        if rep["summaries"]:
            lines += ["", f"## {t['Gradient summaries']}", ""]
            lines += [f"- {t['Iteration {0}'].format(s['iteration'])}: {s['text']}"
                      for s in rep["summaries"]]
        return "\n".join(lines) + "\n"
    raise GradSumError(
        "Unknown export format '{fmt}'. Choose from: {formats}.", fmt=fmt,
        formats=', '.join(FORMATS))


def _chart(iterations: list[dict], initial: float, t: Labels) -> str:
    """Best validation score per iteration as an inline SVG (no scripts, no network)."""
    pts = [(0, initial)] + [(h["iteration"], h["best_val"]) for h in iterations]
    n = max(len(pts) - 1, 1)
    coords = " ".join(f"{20 + 360 * i / n:.1f},{180 - 160 * v:.1f}" for i, v in pts)
    dots = "".join(f'<circle cx="{20 + 360 * i / n:.1f}" cy="{180 - 160 * v:.1f}" r="3"/>'
                   for i, v in pts)
    return ('<svg width="400" height="200" viewBox="0 0 400 200" role="img" '
            f'aria-label="{t["best validation score per iteration"]}">'
            '<rect x="20" y="20" width="360" height="160" fill="none" stroke="#ccc"/>'
            f'<polyline points="{coords}" fill="none" stroke="#2a6" stroke-width="2"/>'
            f'<g fill="#2a6">{dots}</g>'
            '<text x="22" y="16" font-size="11">1.0</text>'
            f'<text x="22" y="196" font-size="11">0.0 · {t["iterations →"]}</text></svg>')


def render_html(rep: dict, labels: dict | None = None) -> str:
    """A self-contained report. Everything shown is escaped: prompts and data are user text."""
    from html import escape as e

    from .diff import inline_html
    res, p, t = RunResult.from_dict(rep["result"]), rep["project"], _labels(labels)

    def pre(text):
        return f"<pre>{e(text or '')}</pre>"

    rows = "".join(f"<tr><th>{e(k)}</th><td>{e(json.dumps(v, ensure_ascii=False))}</td></tr>"
                   for k, v in rep["run"]["config"].items())
    models = "".join(f"<tr><td>{e(t[m['role']])}</td><td><code>{e(m['model_id'])}</code></td></tr>"
                     for m in rep["models"])
    sums = "".join("<li><b>" + e(t["Iteration {0}"].format(s["iteration"]))
                   + f"</b>: {e(s['text'])}</li>" for s in rep["summaries"])
    return f"""<!DOCTYPE html>
<html lang="{e(t['lang'] if 'lang' in t else 'en')}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{e(p.get('name', 'GradSum report'))}</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}pre{{background:#f4f4f4;
padding:1em;white-space:pre-wrap}}td,th{{text-align:left;padding:2px 8px}}</style></head><body>
<h1>{e(p.get('name', 'GradSum project'))}</h1>
<p>{e(t['Task'])}: {e(p.get('task', ''))}<br>{e(t['Criteria'])}: {e(p.get('criteria', ''))}</p>
<h2>{e(t['Best prompt'])}</h2>{pre(res.best_prompt)}
<table><tr><th></th><th>{e(t['initial'])}</th><th>{e(t['best'])}</th></tr>
<tr><th>{e(t['validation'])}</th><td>{pct(res.initial_val_score)}</td>
<td>{pct(res.best_val_score)}</td></tr>
<tr><th>{e(t['test'])}</th><td>{pct(res.test_score_initial)}</td>
<td>{pct(res.test_score_best)}</td></tr></table>
<p><b>{e(t.gain(res))}</b><br>
{e(t.note(res))}<br>
<b>{e(t.made_of(res))}</b></p>
{_label_html(res, t)}
<p>{e(t["{0}. LLM calls: {1} (cached: {2}), wall time {3} s."].format(
    t.message(outcome.ended(res.stop_reason)), res.llm_calls, res.cached_calls, res.wall_s))}</p>
<h2>{e(t['Score per iteration'])}</h2>{_chart(list(res.iterations),
                                              res.initial_val_score, t)}
<h2>{e(t['Initial prompt'])}</h2>{pre(res.initial_prompt)}
<h2>{e(t['Changes from the initial prompt'])}</h2>{inline_html(res.initial_prompt,
                                                              res.best_prompt)}
<h2>{e(t['Gradient summaries'])}</h2><ul>{sums or '<li>' + e(t['none']) + '</li>'}</ul>
<h2>{e(t['Models'])}</h2><table><tr><th>{e(t['role'])}</th>
<th>{e(t['model (SHA-256 of the file)'])}</th></tr>{models}</table>
<h2>{e(t['Settings'])}</h2><table>{rows}</table>
</body></html>
"""


def write_atomic(path: str | Path, text: str, overwrite: bool = False) -> None:
    """Temp file in the same folder, fsync, rename: a crash leaves the old file or the new."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise GradSumError(
            "{path} already exists; choose another name or allow overwriting.", path=path)
    if not path.parent.exists():
        raise GradSumError("Folder {parent} does not exist.", parent=path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        why = "the disk is full" if e.errno == errno.ENOSPC else (e.strerror or str(e))
        raise GradSumError(
            "Could not write {path}: {why}. Nothing was overwritten.", path=path, why=why) from None


def export(store: Store, fmt: str, out: str | Path, overwrite: bool = False,
           run_id: int | None = None, labels: dict | None = None) -> None:
    if fmt not in FORMATS:
        raise GradSumError(
            "Unknown export format '{fmt}'. Choose from: {formats}.", fmt=fmt,
            formats=', '.join(FORMATS))
    write_atomic(out, render(report(store, run_id), fmt, labels), overwrite)
