"""Benchmark 4 — question generation and answer evaluation latency per LLM backend (all local).

- `local`: the offline planner and rubric (kiwipiepy), the default;
- `transformers`: the TransformersClient on a tiny, randomly initialised GPT-2 built here offline
  (2 layers, 64-wide; end-of-text suppressed, so every call generates exactly LLM_MAX_NEW_TOKENS tokens
  for a question and twice that for an evaluation). It measures the backend's own cost per call and per
  token on this CPU, not a real model's speed; its random text fails extraction, so questions come from
  the fallback pool and evaluations from the local rubric, as they would with a model that rambles;
- `openai`: the OpenAIChatClient against a chat-completions stub on localhost that answers after a
  fixed delay (default 50 ms) with a valid Korean question or evaluation JSON: the client's overhead
  is the latency minus that delay.

Each backend runs in its own process with its LLM_* settings and calls exactly what the worker's
tasks call: `choose_question(ctx)` and `evaluate(question, answer, position)`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from bench.common import (
    REPO,
    machine_info,
    main_python,
    python_env,
    run_module,
    say,
    summary,
    table,
    versions,
    write_result,
)
from bench.llm_worker import MARK

STUB_QUESTION = "Redis 캐시를 도입한 뒤 데이터 정합성은 어떻게 보장하셨나요?"
STUB_EVALUATION = {
    "score": 78,
    "rubric": {"relevance": 85, "specificity": 80, "clarity": 75, "depth": 70},
    "strengths": ["구체적인 수치로 성과를 설명했습니다."],
    "improvements": ["대안과 트레이드오프를 함께 설명하면 좋겠습니다."],
    "summary": "경험을 구체적으로 설명한 좋은 답변입니다.",
}


class StubServer:
    """OpenAI-compatible chat completions on 127.0.0.1: a fixed delay, then a valid question or evaluation."""

    def __init__(self, delay_s: float) -> None:
        self.delay_s = delay_s
        self.requests = 0
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as a real server: the client reuses its connection
            # Headers and body go out in two writes; with Nagle on, the body would wait for the client's
            # delayed ACK (~40 ms) — a stub artefact that real servers (uvicorn, llama.cpp) do not have.
            disable_nagle_algorithm = True

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
                stub.requests += 1
                system = body["messages"][0]["content"]
                content = json.dumps(STUB_EVALUATION, ensure_ascii=False) if "평가" in system[:40] else STUB_QUESTION
                time.sleep(stub.delay_s)
                payload = json.dumps(
                    {"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]},
                    ensure_ascii=False,
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def build_tiny_model(directory: Path) -> Path:
    """A 2-layer GPT-2 with random weights and a word-level tokenizer, made offline (as the unit tests do)."""
    from tests.tiny_llm import build_tiny_model as build

    return build(directory, width=64, positions=2048)


def run_backend(env: dict[str, str], args: argparse.Namespace, count: int) -> dict[str, Any]:
    command = [
        main_python(),
        "-m",
        "bench.llm_worker",
        "--questions",
        str(count),
        "--evaluations",
        str(count),
        "--budget",
        str(args.budget),
    ]
    proc = subprocess.run(
        command,
        cwd=REPO,
        env=python_env(**env),
        capture_output=True,
        text=True,
        timeout=args.budget * 2 + 300,
        check=False,
    )
    line = next((x for x in proc.stdout.splitlines() if x.startswith(MARK)), None)
    if line is None:
        raise RuntimeError(f"{env.get('LLM_BACKEND')}: no result (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(line[len(MARK) :])


def run(args: argparse.Namespace) -> dict[str, Any]:
    say("\n== LLM backends: question generation and evaluation latency ==")
    work = Path(tempfile.mkdtemp(prefix="bench-llm-"))
    model_dir = build_tiny_model(work / "tiny-gpt2")
    stub = StubServer(args.stub_delay_ms / 1000)
    result: dict[str, Any] = {
        "machine": machine_info(),
        "versions": versions(),
        "settings": {
            "stub_delay_ms": args.stub_delay_ms,
            "max_new_tokens": args.max_new_tokens,
            "tiny_model": "GPT-2, 2 layers, 2 heads, 64 wide, random weights, EOS suppressed",
            "interview": "5 questions, backend position, answers of tests/interview_script.py",
        },
        "backends": {},
    }
    base = {"LLM_MAX_NEW_TOKENS": str(args.max_new_tokens), "LLM_TIMEOUT_SECONDS": "30", "LLM_MAX_RETRIES": "0"}
    backends = {
        "local": ({"LLM_BACKEND": "local"}, args.count),
        "openai": (
            {"LLM_BACKEND": "openai", "LLM_BASE_URL": stub.base_url, "LLM_MODEL": "stub", "LLM_API_KEY": ""},
            args.count,
        ),
        "transformers": (
            {"LLM_BACKEND": "transformers", "LLM_MODEL": str(model_dir)},
            args.transformers_count,
        ),
    }
    try:
        for name in [b for b in backends if b in args.backends.split(",")]:
            env, count = backends[name]
            say(f"  {name} …")
            measured = run_backend({**base, **env}, args, count)
            entry: dict[str, Any] = {"first_call_ms": measured["first_call_ms"]}
            for op in ("question", "evaluation"):
                entry[op] = {**summary(measured[op]["ms"]), "sources": measured[op]["sources"]}
            entry["question"]["example"] = measured["question"]["example"]
            if name == "openai":
                entry["stub_delay_ms"] = args.stub_delay_ms
                for op in ("question", "evaluation"):
                    p50 = entry[op]["p50"]
                    entry[op]["client_overhead_p50_ms"] = round(p50 - args.stub_delay_ms, 2) if p50 else None
            result["backends"][name] = entry
            q, e = entry["question"], entry["evaluation"]
            say(f"    question p50 {q['p50']} ms p95 {q['p95']} ms ({q['sources']}); "
                f"evaluation p50 {e['p50']} ms p95 {e['p95']} ms ({e['sources']})")  # fmt: skip
    finally:
        stub.close()
        shutil.rmtree(work, ignore_errors=True)
    report(result)
    path = write_result("llm", result)
    say(f"\n  results: {path}")
    return result


def report(result: dict[str, Any]) -> None:
    say("\n  Latency per call (ms): choose_question(ctx) and evaluate(question, answer, position)")
    rows = []
    for name, b in result["backends"].items():
        for op in ("question", "evaluation"):
            s = b[op]
            rows.append([name, op, s["n"], s["p50"], s["p95"], s["max"], b["first_call_ms"][op],
                         ", ".join(f"{k} {v}" for k, v in s["sources"].items())])  # fmt: skip
    say(table(["backend", "call", "n", "p50", "p95", "max", "first call", "produced by"], rows, 1))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--backends", default="local,openai,transformers")
    parser.add_argument("--count", type=int, default=50, help="calls of each kind for local and openai")
    parser.add_argument("--transformers-count", type=int, default=10, help="calls of each kind for transformers")
    parser.add_argument("--budget", type=float, default=60.0, help="at most this many seconds per kind of call")
    parser.add_argument("--stub-delay-ms", type=float, default=50.0)
    parser.add_argument("--max-new-tokens", type=int, default=256, help="LLM_MAX_NEW_TOKENS (its default: 256)")


def main() -> None:
    run_module(__doc__, add_arguments, run)


if __name__ == "__main__":
    main()
