"""GradSum Studio: offline GRAD-SUM prompt optimization on local GGUF models."""

import os

__version__ = "0.1.0"

# Air-gapped by default: huggingface-hub reads this when imported, so it is set before
# anything imports it. The hub module switches it off only for a search or download the user
# starts.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
