"""Benchmark tasks: the three BIG-bench sets in ../shared/data with a plain starting prompt
each, and two multiple-choice tasks built from them (an options column per row), so the
closed-answer scoring is measured where gaming it would pay."""
import json
import os
import random
from pathlib import Path

# ../shared/data beside the checkout; GRADSUM_BENCH_DATA names another copy (a machine where
# only the repository travels)
DATA = Path(os.environ.get("GRADSUM_BENCH_DATA")
            or Path(__file__).resolve().parents[3] / "shared" / "data")

TASKS = {
    "object_counting": dict(
        template="Answer the question.\nQuestion: {question}\nAnswer:",
        task="Count the objects of the asked kind in a list and give the total.",
        criteria="The answer is the correct total, as a number.", metrics=["number"]),
    "sports_understanding": dict(
        template="Is the following sentence plausible?\nSentence: {sentence}\nAnswer:",
        task="Decide whether a sentence about sports is plausible or implausible.",
        criteria="The answer says plausible or implausible, matching the expected answer.",
        metrics=["contains"]),
    "word_sorting": dict(
        template="Sort the words.\nWords: {words}\nSorted:",
        task="Sort a list of words alphabetically.",
        criteria="The answer is the words sorted alphabetically, separated by spaces.",
        metrics=["exact"]),
    # multiple choice, built below from the sets above
    "sports_choice": dict(
        source="sports_understanding",
        template="Is the following sentence plausible?\nSentence: {sentence}\n"
                 "Options: {options}\nAnswer:",
        task="Decide whether a sentence about sports is plausible or implausible.",
        criteria="The answer is exactly one of the options, the right one.",
        metrics=["choice"], options_column="options"),
    "counting_choice": dict(
        source="object_counting",
        template="Answer the question.\nQuestion: {question}\nOptions: {options}\nAnswer:",
        task="Count the objects of the asked kind and pick the total from the options.",
        criteria="The answer is exactly one of the options, the right total.",
        metrics=["choice"], options_column="options"),
}


# the demo projects the app ships (gradsum/demo), in both interface languages
DEMO = Path(__file__).resolve().parents[2] / "gradsum" / "demo"
for _name, _file in (("demo", "demo.json"), ("demo_zh_CN", "demo_zh_CN.json")):
    _spec = json.loads((DEMO / _file).read_text("utf-8"))
    TASKS[_name] = dict(demo=_spec["data"], template=_spec["template"], task=_spec["task"],
                        criteria=_spec["criteria"], metrics=_spec["metrics"],
                        options_column=_spec.get("options_column"),
                        answer_column=_spec["answer_column"], run=_spec.get("run", {}))


# candidate demos (tests/bench/candidate_demos.py), measured with headroom.py before one
# replaces a shipped demo; the start is what a person might write first
_QUICK = dict(train_rows=20, val_rows=40, test_rows=100, task_max_tokens=16)

def _candidate(template: str, task: str, criteria: str, columns: tuple[str, str]) -> dict:
    return dict(candidate=True, template=template, task=task, criteria=criteria,
                metrics=["choice"], options_column=columns[0], answer_column=columns[1],
                run=_QUICK)


EN_CRITERIA, ZH_CRITERIA = ("The answer is exactly one of the options, the right one.",
                            "答案是选项中的一个，而且是对的。")
TASKS["reviews"] = _candidate(
    "Is this review positive?\nReview: {review}\nOptions: {options}\nAnswer:",
    "Decide whether a review of a product or service is positive or negative.", EN_CRITERIA,
    ("options", "answer"))
TASKS["reviews_zh"] = _candidate(
    "这条评论是好评吗？\n评论：{评论}\n选项：{选项}\n答案：", "判断一条商品或服务的评论是正面的还是负面的。",
    ZH_CRITERIA, ("选项", "答案"))


def _choice_rows(name: str) -> list[dict]:
    """The source rows with an options column: sports keeps its two labels; counting gets
    four numbers (the answer and three near misses, shuffled with a fixed seed)."""
    rows = [json.loads(line) for line in data_path(name).read_text("utf-8").splitlines()
            if line.strip()]
    rng = random.Random(13)
    for r in rows:
        if name == "sports_understanding":
            r["options"] = "plausible / implausible"
        else:
            n = int(r["answer"])
            wrong = rng.sample([x for x in range(max(0, n - 4), n + 5) if x != n], 3)
            opts = [str(x) for x in wrong + [n]]
            rng.shuffle(opts)
            r["options"] = " / ".join(opts)
    return rows


def data_path(name: str) -> Path:
    if TASKS.get(name, {}).get("candidate"):
        from tests.bench.candidate_demos import write
        return write(name)
    if TASKS.get(name, {}).get("demo"):
        return DEMO / TASKS[name]["demo"]
    source = TASKS.get(name, {}).get("source")
    if source:
        out = Path(__file__).resolve().parents[2] / "bench-out" / f"{name}.jsonl"
        out.parent.mkdir(exist_ok=True)
        tmp = out.with_name(f".{out.name}.{os.getpid()}")  # atomic: parallel jobs read it
        tmp.write_text("".join(json.dumps(r) + "\n" for r in _choice_rows(source)), "utf-8")
        os.replace(tmp, out)
        return out
    path = DATA / f"{name}.jsonl"
    if not path.exists():
        raise SystemExit(f"missing {path}: the benchmarks need ../shared/data beside the repo")
    return path
