"""The run flags shared by `gradsum run` (for one run) and `gradsum settings` (saved in the
project for every later run, as the window's Optimization settings are).

A flag that is not given leaves the project's saved value alone, so a project set up as Quick
in the window runs as Quick from the command line too.
"""
from __future__ import annotations

import argparse

from .core.settings import PRESETS, RunConfig, preset_of

# flag -> RunConfig field for the plain values
VALUES = {"iterations": int, "beam": int, "candidates": int, "train_rows": int,
          "val_rows": int, "test_rows": int, "batch_size": int, "seed": int, "demos": int,
          "patience": int, "max_calls": int, "max_tokens": int, "max_wall_s": float,
          "length_penalty": float, "task_max_tokens": int, "family_size": int}
# switches that turn a default-on behaviour off
OFF = {"no_summary": "use_summary", "no_format_rule": "format_rule",
       "no_rephrasings": "rephrasings", "no_racing": "racing", "no_own_words": "own_words",
       "no_prune": "prune"}
HELP = {
    "candidates": "new candidates per beam prompt per iteration",
    "train_rows": "rows the optimizer learns from (default: 30, fewer on small data)",
    "val_rows": "rows that choose between candidates (default: up to 100, as the data "
                "allows, leaving as many for the test)",
    "test_rows": "held-out rows for the final score (default: all remaining; 0: none)",
    "batch_size": "train rows per iteration",
    "demos": "start a candidate with N solved training rows as examples (0: none)",
    "patience": "stop after this many iterations without a clear gain (beyond ranking luck)",
    "max_wall_s": "seconds of run time",
    "family_size": "candidates tested on the held-out rows (1 to 3)",
    "no_summary": "ablation: edit from raw gradients (ProTeGi-style)",
    "no_format_rule": "ablation: no starting candidate with the answer-format rule that code "
                      "writes for closed answer sets",
    "no_rephrasings": "start from the starting prompt alone, not a beam filled with "
                      "rephrasings of it",
    "no_racing": "score every candidate on every validation row (no successive halving)",
    "no_own_words": "ablation: no starting candidates from the task description and criteria",
    "no_prune": "ablation: do not drop the winner's sentences that change nothing",
}


def add(p: argparse.ArgumentParser) -> None:
    """The run flags, none with a default: only the given ones reach `apply`."""
    g = p.add_argument_group("run settings (default: the project's saved ones)")
    g.add_argument("--preset", choices=[n.split(" ")[0] for n in PRESETS],
                   default=argparse.SUPPRESS,
                   help="start from a preset; other flags change it further")
    for field, kind in VALUES.items():
        flag = "--max-time" if field == "max_wall_s" else "--" + field.replace("_", "-")
        g.add_argument(flag, dest=field, type=kind, default=argparse.SUPPRESS,
                       metavar="N" if field == "demos" else None, help=HELP.get(field))
    for flag in OFF:
        # --no-full-beam: the old name of --no-rephrasings, still read
        old = ["--no-full-beam"] if flag == "no_rephrasings" else []
        g.add_argument("--" + flag.replace("_", "-"), *old, dest=flag, action="store_true",
                       default=argparse.SUPPRESS, help=HELP.get(flag))
    g.add_argument("--editor-mode", choices=("instruction", "full"), default=argparse.SUPPRESS)
    g.add_argument("--signal", choices=("logprob", "metric"), default=argparse.SUPPRESS,
                   help="what ranks candidates on validation rows: the metric (default) or "
                        "the expected answer's log-probability (where answers are known)")
    g.add_argument("--confirmation", choices=("family", "bonferroni"),
                   default=argparse.SUPPRESS,
                   help="family: the top candidates tested on held-out rows (Holm, 5%%); "
                        "bonferroni: the previous rule (ablation)")


def changes(a: argparse.Namespace) -> dict:
    """The RunConfig fields the given flags set (a preset first, then the single flags)."""
    given = vars(a)
    out: dict = {}
    if "preset" in given:
        out.update(next(p for n, p in PRESETS.items() if n.split(" ")[0] == given["preset"]))
    out.update({f: given[f] for f in VALUES if f in given})
    out.update({OFF[f]: False for f in OFF if given.get(f)})
    out.update({f: given[f] for f in ("editor_mode", "signal", "confirmation") if f in given})
    return out


def apply(saved: dict, a: argparse.Namespace) -> dict:
    """The saved run settings with the given flags on top."""
    return {**saved, **changes(a)}


def describe(run: dict) -> list[str]:
    """The run settings as `gradsum settings` prints them."""
    cfg = RunConfig.from_dict(run)
    preset = preset_of(run) or "custom"
    return [f"run preset: {preset}",
            f"run: {cfg.iterations} iterations, beam {cfg.beam}, {cfg.candidates} candidates "
            f"each, batch {cfg.batch_size}, patience {cfg.patience}, "
            f"{'racing' if cfg.racing else 'every row'}",
            f"rows: train {cfg.train_rows}, validation {cfg.val_rows}, test "
            f"{'the rest' if cfg.test_rows is None else cfg.test_rows}"]
