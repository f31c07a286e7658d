"""A run or resume in its own process with the scripted engine, to be killed by tests.

    python -m tests.reliability.fake_cli run|resume PROJECT [DELAY]
"""
import sys

from gradsum.core import project
from gradsum.core.settings import RunConfig
from gradsum.core.store import Store
from tests.fakes import ScriptedEngine

CONFIG = RunConfig(iterations=3, beam=2, candidates=3, train_rows=12, val_rows=8, test_rows=6,
                   batch_size=6, seed=7, patience=9)


def main(argv):
    command, path = argv[0], argv[1]
    delay = float(argv[2]) if len(argv) > 2 else 0.03

    def editor(req):  # never perfect, so every iteration runs
        import json
        v = req.sampling.seed % 5
        return json.dumps({"instruction": f"Add the two numbers, variant {v}."})

    eng = ScriptedEngine({"editor": editor}, delay=delay)
    engines = {"task": eng, "judge": eng, "optimizer": eng}
    store = Store(path)
    rid = project.start_run(store, CONFIG).id if command == "run" else project.resumable_run(store)
    res = project.run(store, engines, rid)
    print(res["best_prompt"].replace("\n", "\\n"))


if __name__ == "__main__":
    main(sys.argv[1:])
