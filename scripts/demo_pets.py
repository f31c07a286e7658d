"""Writes the demo projects' rows (gradsum/demo/pets.jsonl and zh_pets.jsonl): a pet shop's
customer questions, each about one animal, to be routed by it (cat, dog, bird, rabbit; 50
hand-written questions per animal, the same ones in English and Chinese). Written for this
project and released with it under Apache-2.0. The files are shipped; run this only to change
them (fixed seed: the same rows every time).

    python scripts/demo_pets.py
"""
from __future__ import annotations

import json
import random
from pathlib import Path

DEMO = Path(__file__).resolve().parents[1] / "gradsum" / "demo"

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
 "Is it okay to bathe my {a} every week?", "What is the right way to pick up my {a}?",
 "My {a} is getting old, how can I keep it comfortable?",
 "Can my {a} live together with another pet?", "How do I know if my {a} is happy?",
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
 "每周给我的{a}洗一次澡可以吗？", "怎样正确地抱起我的{a}？", "我的{a}老了，怎样让它过得舒服？",
 "我的{a}能和别的宠物住在一起吗？", "怎么知道我的{a}开不开心？",
]



def rows(questions: list[str], labels: list[str], cols: tuple[str, str, str]) -> list[dict]:
    """Every question about every animal, shuffled; the options column lists the labels."""
    rng = random.Random(11)
    out = [{cols[0]: q.format(a=a), cols[1]: " / ".join(labels), cols[2]: a}
           for a in labels for q in questions]
    rng.shuffle(out)
    return out


def main() -> None:
    for name, questions, labels, cols in (
            ("pets.jsonl", PETS_EN, ["cat", "dog", "bird", "rabbit"],
             ("question", "options", "answer")),
            ("zh_pets.jsonl", PETS_ZH, ["猫", "狗", "鸟", "兔子"], ("问题", "选项", "答案"))):
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows(questions, labels, cols))
        (DEMO / name).write_text(text, "utf-8")


if __name__ == "__main__":
    main()
