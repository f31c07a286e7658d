"""The three BIG-bench tasks in ../shared/data with a plain starting prompt each."""
from pathlib import Path

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"

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
}


def data_path(name: str) -> Path:
    path = DATA / f"{name}.jsonl"
    if not path.exists():
        raise SystemExit(f"missing {path}: the benchmarks need ../shared/data beside the repo")
    return path
