"""GGUF models and the engines that run them (llama-cpp-python in-process). No Qt here."""
