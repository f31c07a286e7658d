"""llama.cpp's own log lines: kept in memory (and, in the model process, in a file that
outlives a crash) instead of printed to the terminal, so an error report can quote them."""
from __future__ import annotations

import ctypes
from collections import deque

LLAMA_LOG: deque[str] = deque(maxlen=200)  # the last lines, for diagnosis
LOG_SINK = None  # a file that also gets every line (the engine process sets it)
_log_callback = None


def quiet_llama_log() -> None:
    """Route llama.cpp's warnings (e.g. about its unified KV size) into LLAMA_LOG; once per
    process."""
    global _log_callback
    if _log_callback is not None:
        return
    import llama_cpp

    @llama_cpp.llama_log_callback
    def keep(level, text, _user):
        line = text.decode("utf-8", "replace").rstrip()
        LLAMA_LOG.append(line)
        if LOG_SINK is not None and line:
            LOG_SINK.write(line + "\n")
            LOG_SINK.flush()

    _log_callback = keep  # referenced for as long as the library may call it
    llama_cpp.llama_log_set(keep, ctypes.c_void_p(0))
