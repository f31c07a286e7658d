"""Candidate demo tasks, measured with tests/bench/headroom.py before one replaces a shipped
demo (issue 32: a demo where the bundled model gains at the task itself, per label). The rows
are written here for this project (Apache-2.0) and drawn with fixed seeds into bench-out/, so
the figures can be made again; none of them ships with the app.

- reviews, reviews_zh: short product and service reviews, positive or negative (a subject and
  a verdict on it, both hand-written below).
- pets, pets_zh: pet shop customers' questions, routed by the animal they are about (cat, dog,
  bird, rabbit; 45 hand-written questions per animal).
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


PETS_EN = [
 "How often should I feed my {a}?", "What is the best toy for my young {a}?",
 "My {a} stopped eating yesterday, what should I do?", "Which brush do you recommend for my {a}?",
 "Can I take my {a} on a long car trip?", "Is it safe to leave my {a} alone for a weekend?",
 "What kind of bed suits my old {a}?", "How do I get my {a} used to a new home?",
 "Do you sell vitamins for my {a}?", "My {a} keeps scratching itself, is that normal?",
 "How warm should the room be for my {a}?", "What treats are healthy for my {a}?",
 "How can I tell if my {a} is bored?", "Which food do you stock for an older {a}?",
 "My {a} seems tired all the time, should I worry?", "How much water does my {a} need each day?",
 "Can you recommend a carrier for my {a}?", "What should I pack when my {a} goes to a pet sitter?",
 "Is it normal that my {a} sleeps most of the day?", "How do I clean my {a}'s cage or bed safely?",
 "Which vaccines does my {a} need?", "My {a} is afraid of visitors, how can I help?",
 "What is a good first meal for a new {a}?", "Do you have a gift card I can use for {a} supplies?",
 "How do I trim my {a}'s nails?", "Can my {a} eat fresh fruit?",
 "Where can I find a vet who knows about my {a}?", "How often should my {a} see the vet?",
 "My {a} keeps losing hair, what could it be?", "Do you deliver {a} food to my area?",
 "What size of cage or basket is right for my {a}?", "How do I introduce my {a} to my children?",
 "Is your new {a} food suitable for allergies?", "My {a} makes a strange noise at night, why?",
 "How long does a bag of your {a} food usually last?", "Which shampoo is gentle enough for my {a}?",
 "Can I return an unopened pack of {a} treats?", "How do I keep my {a} cool in summer?",
 "What toys keep my {a} busy while I work?", "My {a} bit me today, is that a bad sign?",
 "How do I help my {a} lose some weight?", "Do you sell a harness that fits my {a}?",
 "Is it too late to train my adult {a}?", "What bedding do you recommend for my {a}?",
 "My {a} drinks a lot more than usual, what should I do?",
]
PETS_ZH = [
 "我的{a}应该多久喂一次？", "给我家小{a}买什么玩具最好？", "我的{a}从昨天开始不吃东西了，怎么办？",
 "给我的{a}梳毛用哪种刷子好？", "可以带我的{a}坐很久的车吗？", "周末把我的{a}单独留在家里安全吗？",
 "我家老{a}适合睡什么样的窝？", "怎样让我的{a}习惯新家？", "你们卖给{a}吃的维生素吗？",
 "我的{a}总是挠自己，正常吗？", "我的{a}住的房间要多暖和？", "哪些零食对我的{a}健康？",
 "怎么看出我的{a}无聊了？", "你们有适合老年{a}的食物吗？", "我的{a}整天没精神，要担心吗？",
 "我的{a}每天要喝多少水？", "能推荐一个装{a}的外出笼吗？", "把{a}交给寄养时要带些什么？",
 "我的{a}一天大部分时间都在睡觉，正常吗？", "怎样安全地清洁我的{a}的笼子或窝？",
 "我的{a}需要打哪些疫苗？", "我的{a}怕见生人，怎么帮它？", "新来的{a}第一顿吃什么好？",
 "有可以买{a}用品的礼品卡吗？", "怎么给我的{a}剪指甲？", "我的{a}可以吃新鲜水果吗？",
 "哪里能找到懂{a}的兽医？", "我的{a}多久应该看一次兽医？", "我的{a}一直掉毛，可能是什么原因？",
 "你们能把{a}粮送到我这边吗？", "多大的笼子或篮子适合我的{a}？", "怎样让我的{a}和孩子们相处？",
 "你们新出的{a}粮适合过敏的吗？", "我的{a}晚上发出奇怪的声音，为什么？",
 "一袋你们的{a}粮一般能吃多久？", "哪种洗浴液对我的{a}足够温和？", "没拆封的{a}零食可以退吗？",
 "夏天怎样让我的{a}保持凉快？", "我上班时什么玩具能让{a}不无聊？", "我的{a}今天咬了我，这是坏兆头吗？",
 "怎样帮我的{a}减肥？", "你们卖适合我的{a}的牵引绳吗？", "成年的{a}现在训练还来得及吗？",
 "你们推荐给{a}用什么垫料？", "我的{a}喝水比平时多很多，该怎么办？",
]


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


def _pets(questions, labels, cols) -> list[dict]:
    rng = random.Random(11)
    out = [{cols[0]: q.format(a=a), cols[1]: " / ".join(labels), cols[2]: a}
           for a in labels for q in questions]
    rng.shuffle(out)
    return out


MAKERS = {
    "reviews": lambda: _reviews(EN_SUBJECTS, EN, ("review", "options", "answer"), " ", "."),
    "reviews_zh": lambda: _reviews(ZH_SUBJECTS, ZH, ("评论", "选项", "答案"), "", "。"),
    "pets": lambda: _pets(PETS_EN, ["cat", "dog", "bird", "rabbit"],
                          ("question", "options", "answer")),
    "pets_zh": lambda: _pets(PETS_ZH, ["猫", "狗", "鸟", "兔子"], ("问题", "选项", "答案")),
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
