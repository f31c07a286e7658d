"""The engine interface over an OpenAI-compatible HTTP server (llama.cpp's llama-server,
llama-cpp-python's server, vLLM, LM Studio, Ollama) with N requests in flight.

This is how a team points the app at a GPU server on its own network. Grammars go in the
`grammar` field that llama.cpp-based servers accept. Nothing here runs unless the user
configures a server URL for a model role.
"""
from __future__ import annotations

import hashlib
import http.client
import json
import socket
import threading
import time
from typing import Sequence
from urllib.parse import SplitResult, urlsplit

from ..core.engine import CancelToken, NoLogprobs, OnResult, Request, Result
from ..core.errors import Cancelled, GradSumError
from ..core.messages import Message


def check_url(url: str) -> SplitResult:
    """An OpenAI-compatible server's address, as the engine and the wizard accept it; its
    parts."""
    parts = urlsplit(url.strip().rstrip("/"))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise GradSumError("Enter the server's address: it must look like http://host:8080/v1 "
                           "(got '{url}').", url=url)
    return parts


class ServerEngine:
    def __init__(self, url: str, model: str | None = None, parallel: int = 4,
                 timeout: float = 600.0, api_key: str | None = None):
        parts = check_url(url)
        self.url = url.rstrip("/")
        self.scheme, self.host, self.port = parts.scheme, parts.hostname, parts.port
        self.base = parts.path if parts.path.endswith("/v1") else parts.path + "/v1"
        self.parallel = max(1, parallel)
        self.timeout = timeout
        self.api_key = api_key
        self._open: set[http.client.HTTPConnection] = set()
        self._lock = threading.Lock()
        self.model = model or self._first_model()
        self.model_name = self.model
        # no weights to hash: the server address and its model name stand for the model
        self.model_id = "server:" + hashlib.sha256(f"{self.url}|{self.model}".encode()).hexdigest()
        self.notes: list[str] = []
        self._no_logprobs: Message | None = None  # set once the server showed it has none

    # --- HTTP -------------------------------------------------------------------------------
    def _conn(self) -> http.client.HTTPConnection:
        cls = http.client.HTTPSConnection if self.scheme == "https" else http.client.HTTPConnection
        return cls(self.host, self.port, timeout=self.timeout)

    def _call(self, method: str, path: str, body: dict | None = None) -> dict:
        conn = self._conn()
        with self._lock:
            self._open.add(conn)
        try:
            headers = {"Content-Type": "application/json"}
            if self.api_key:
                headers["Authorization"] = f"Bearer {self.api_key}"
            data = json.dumps(body).encode() if body is not None else None
            conn.request(method, self.base + path, body=data, headers=headers)
            resp = conn.getresponse()
            raw = resp.read()
            if resp.status != 200:
                raise GradSumError(
                    "The server at {url} answered {status}: {raw}", url=self.url,
                    status=resp.status, raw=raw[:300].decode('utf-8', 'replace'))
            return json.loads(raw)
        except (OSError, http.client.HTTPException) as e:
            raise GradSumError(
                "Cannot reach the model server at {url}: {e}", url=self.url, e=e) from None
        except json.JSONDecodeError:
            raise GradSumError(
                "The server at {url} did not answer with JSON.", url=self.url) from None
        finally:
            with self._lock:
                self._open.discard(conn)
            conn.close()

    def _first_model(self) -> str:
        models = self._call("GET", "/models").get("data") or []
        if not models:
            raise GradSumError("The server at {url} lists no model.", url=self.url)
        return models[0]["id"]

    def _body(self, req: Request) -> dict:
        s = req.sampling
        body = {"model": self.model, "messages": [{"role": r, "content": c}
                                                  for r, c in req.messages],
                "max_tokens": s.max_tokens, "temperature": s.temperature, "top_p": s.top_p,
                "seed": s.seed, "repeat_penalty": s.repeat_penalty, "stream": False}
        if s.stop:
            body["stop"] = list(s.stop)
        if req.grammar:
            body["grammar"] = req.grammar
        return body

    # --- the engine contract ------------------------------------------------------------------
    def generate_many(self, requests: Sequence[Request], cancel: CancelToken,
                      on_result: OnResult | None = None) -> list[Result]:
        results: list[Result | None] = [None] * len(requests)
        errors: list[BaseException] = []
        done = threading.Condition()
        next_job = iter(range(len(requests)))
        finished: list[int] = []

        def worker() -> None:
            while not cancel.stop_requested() and not errors:  # waits while paused
                with done:
                    i = next(next_job, None)
                if i is None:
                    return
                t0 = time.perf_counter()
                try:
                    r = self._call("POST", "/chat/completions", self._body(requests[i]))
                    choice = r["choices"][0]
                    usage = r.get("usage") or {}
                    res = Result(choice["message"].get("content") or "",
                                 usage.get("prompt_tokens", 0), usage.get("completion_tokens", 0),
                                 (time.perf_counter() - t0) * 1000,
                                 choice.get("finish_reason") or "stop")
                except BaseException as e:  # reported by the caller's thread
                    with done:
                        errors.append(e)
                        done.notify_all()
                    return
                with done:
                    results[i] = res
                    finished.append(i)
                    done.notify_all()

        threads = [threading.Thread(target=worker, daemon=True)
                   for _ in range(min(self.parallel, len(requests)))]
        for t in threads:
            t.start()
        reported = 0
        while True:
            with done:  # wake at least every 0.1 s to notice a cancel
                done.wait_for(lambda: len(finished) > reported or errors or
                              len(finished) == len(requests), timeout=0.1)
                new = finished[reported:]
                reported = len(finished)
                err = errors[0] if errors else None
            for i in new:  # callbacks run on the caller's thread (it owns the store)
                if on_result:
                    on_result(i, results[i])
            if cancel.cancelled:
                self._abort_open()
                raise Cancelled()
            if err is not None:
                raise err
            if reported == len(requests):
                return results  # type: ignore[return-value]

    # --- forced answers ------------------------------------------------------------------------
    def answer_logprobs(self, requests: Sequence[Request], answers: Sequence[str],
                        cancel: CancelToken) -> list[float | None]:
        """Prompt log-probabilities as vLLM serves them: the answer written as the start of
        the assistant's reply (continue_final_message), one token generated, and the
        log-probability of each prompt token (prompt_logprobs); the answer's trailing tokens
        are summed. llama.cpp's server and most others have no such field: the first reply
        without it marks this server, and the search ranks by the metric instead."""
        if self._no_logprobs is not None:
            raise NoLogprobs(self._no_logprobs)
        from concurrent.futures import ThreadPoolExecutor

        def one(pair) -> float | None:
            if cancel.stop_requested():
                raise Cancelled()
            req, answer = pair
            body = self._body(req)
            body.update(messages=body["messages"] + [{"role": "assistant", "content": answer}],
                        max_tokens=1, temperature=0.0, prompt_logprobs=0,
                        add_generation_prompt=False, continue_final_message=True)
            body.pop("grammar", None)
            try:
                reply = self._call("POST", "/chat/completions", body)
            except GradSumError as e:  # e.g. 400 for an unknown field
                raise NoLogprobs(Message("the server at {url} gives no prompt log-probabilities "
                                         "({why})", url=self.url, why=str(e)[:120])) from None
            return prompt_answer_logprob(reply, answer, self.url)

        try:
            with ThreadPoolExecutor(self.parallel) as pool:
                return list(pool.map(one, zip(requests, answers)))
        except NoLogprobs as e:
            self._no_logprobs = e.args[0]
            raise

    def _abort_open(self) -> None:
        """Close sockets of requests in flight: the server stops those generations."""
        with self._lock:
            conns = list(self._open)
        for c in conns:
            try:
                if c.sock:
                    c.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def count_tokens(self, text: str) -> int:
        # no tokenizer endpoint is standard: a rough count (4 characters a token)
        return max(1, len(text) // 4)

    def close(self) -> None:
        self._abort_open()

    def info(self) -> dict:
        return {"name": self.model, "url": self.url, "engine": "server",
                "parallel": self.parallel, "model_id": self.model_id}


def prompt_answer_logprob(reply: dict, answer: str, url: str) -> float:
    """The summed log-probability of the prompt's trailing tokens that spell `answer`, from
    a vLLM-style `prompt_logprobs` list (one {token_id: {logprob, decoded_token}} per
    prompt token, the first None)."""
    entries = reply.get("prompt_logprobs")
    if not isinstance(entries, list) or not entries:
        raise NoLogprobs(Message("the server at {url} gives no prompt log-probabilities",
                                 url=url))
    text, total = "", 0.0
    for entry in reversed(entries):
        if not isinstance(entry, dict) or len(entry) != 1:
            break
        (info,) = entry.values()
        text = str(info.get("decoded_token", "")) + text
        total += float(info["logprob"])
        if text.strip() == answer.strip():
            return total
        if len(text.strip()) > len(answer.strip()):
            break
    raise NoLogprobs(Message("the server at {url} gives prompt log-probabilities that do not "
                             "spell the forced answer", url=url))
