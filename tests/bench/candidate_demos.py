"""Candidate demo tasks, measured with tests/bench/headroom.py before one replaces a shipped
demo (issue 32: a demo where the bundled model gains at the task itself, per label). The rows
are written here for this project (Apache-2.0) and drawn with fixed seeds into bench-out/, so
the figures can be made again; none of them ships with the app.

- reviews, reviews_zh: short product and service reviews, positive or negative (a subject and
  a verdict on it, both hand-written below).
- The pet shop questions tried here as pets and pets_zh are the demos now (scripts/demo_pets.py
  writes them into gradsum/demo; tests/bench/tasks.py reads them as demo and demo_zh_CN).
"""
from __future__ import annotations

import json
import random
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "bench-out"

# things and experiences, so that every verdict below reads naturally of every subject
EN_SUBJECTS = [
    "The hotel room", "This phone", "The pasta", "The delivery", "The film", "The coffee maker",
    "The hiking boots", "This laptop", "The pizza", "The concert", "The rental car",
    "This vacuum cleaner", "The new album", "The yoga class", "The backpack",
    "The train journey", "This blender", "The museum visit", "The sofa", "The headphones",
    "This book", "The guided tour", "The spa day", "The mattress", "The online course",
]
EN = {
    "positive": [
        "was excellent from start to finish", "exceeded all my expectations",
        "was worth every penny", "made my whole week better", "was a real pleasure",
        "is the best of its kind I have tried", "left me completely satisfied",
        "is something I would gladly recommend", "impressed my whole family",
        "was far better than the reviews said",
    ],
    "negative": [
        "was a complete waste of money", "was the worst of its kind I have tried",
        "left me angry and disappointed", "was a total disaster",
        "was far worse than the reviews said", "ruined my whole weekend",
        "is something I would never recommend", "was badly overpriced", "was a huge letdown",
        "made me regret every cent I paid",
    ],
}
ZH_SUBJECTS = [
    "这家酒店的房间", "这部手机", "这盘意大利面", "这次送货", "这部电影", "这台咖啡机", "这双登山鞋",
    "这台笔记本电脑", "这个披萨", "这场音乐会", "租来的这辆车", "这台吸尘器", "这张新专辑",
    "这节瑜伽课", "这个背包", "这次火车旅行", "这台搅拌机", "这次参观博物馆", "这张沙发",
    "这副耳机", "这本书", "这次导游带的游览", "这次水疗", "这张床垫", "这门网课",
]
ZH = {
    "正面": [
        "从头到尾都很出色", "远远超出了我的期望", "每一分钱都花得值", "让我整个星期都很开心",
        "真是一种享受", "是我试过的同类里最好的", "让我非常满意", "我很乐意推荐给别人",
        "让我全家都很惊喜", "比评论说的还要好得多",
    ],
    "负面": [
        "完全是浪费钱", "是我试过的同类里最差的", "让我又生气又失望", "简直是一场灾难",
        "比评论说的还要差得多", "毁了我整个周末", "我绝不会推荐给别人", "贵得离谱",
        "让我大失所望", "让我后悔花了这笔钱",
    ],
}


def _reviews(subjects, verdicts, cols, joiner, end) -> list[dict]:
    rng = random.Random(7)
    text, options, answer = cols
    out = []
    for label, said in verdicts.items():
        pairs = [(s, v) for s in subjects for v in said]
        out += [{text: f"{s}{joiner}{v}{end}", options: " / ".join(verdicts), answer: label}
                for s, v in rng.sample(pairs, 100)]
    rng.shuffle(out)
    return out


MAKERS = {
    "reviews": lambda: _reviews(EN_SUBJECTS, EN, ("review", "options", "answer"), " ", "."),
    "reviews_zh": lambda: _reviews(ZH_SUBJECTS, ZH, ("评论", "选项", "答案"), "", "。"),
}


def write(name: str) -> Path:
    """The candidate's rows as JSONL in bench-out/ (written atomically: parallel jobs read it)."""
    out = OUT / f"{name}.jsonl"
    OUT.mkdir(exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in MAKERS[name]()),
                   "utf-8")
    tmp.replace(out)
    return out
