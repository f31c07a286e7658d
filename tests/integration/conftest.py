import os
import subprocess
import sys

import pytest



@pytest.fixture(scope="session")
def real_engine(model_path):
    from gradsum.models.llama_engine import LlamaEngine
    eng = LlamaEngine(model_path, n_ctx=1024)
    yield eng
    eng.close()


def cli(*args, check=True, timeout=600):
    """Run `gradsum` in a subprocess, as a user would."""
    p = subprocess.run([sys.executable, "-m", "gradsum", *map(str, args)], capture_output=True,
                       text=True, timeout=timeout, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    if check and p.returncode != 0:
        raise AssertionError(f"gradsum {' '.join(map(str, args))} -> {p.returncode}\n{p.stderr}")
    return p
