"""One backend of the LLM benchmark, in its own process with its own LLM_* settings (bench/llm.py runs it).

    LLM_BACKEND=local|openai|transformers ... python -m bench.llm_worker --questions N --evaluations N --budget S

It calls what the worker's tasks call — `ai_worker.questions.service.choose_question(ctx)` and
`ai_worker.evaluation.service.evaluate(question, answer, position)` — on a five-question interview
(the answers of tests/interview_script.py), and prints one JSON line with every latency.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

MARK = "@@BENCH "
POSITION = "백엔드 개발자"


def contexts() -> list[Any]:
    from ai_worker.questions.context import QA, QuestionContext
    from tests.interview_script import BACKEND_ANSWERS

    questions = [
        "자기소개를 해 주시겠어요?",
        "가장 어려웠던 프로젝트와 본인의 역할을 설명해 주시겠어요?",
        "장애가 났을 때 원인을 어떻게 찾으셨나요?",
        "팀에서 의견 충돌을 어떻게 해결하셨나요?",
        "입사하면 무엇부터 기여하고 싶으신가요?",
    ]
    total = len(questions)
    out = []
    for order in range(1, total + 1):
        history = tuple(QA(i + 1, questions[i], BACKEND_ANSWERS[i]) for i in range(order - 1))
        out.append(QuestionContext(position=POSITION, order=order, total=total, history=history))
    return out


def timed(action: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    value = action()
    return (time.perf_counter() - started) * 1000, value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=50)
    parser.add_argument("--evaluations", type=int, default=50)
    parser.add_argument("--budget", type=float, default=60.0, help="seconds for each of the two measurements")
    args = parser.parse_args()

    import logging

    # The fallback paths log a warning per call; the benchmark counts them instead.
    logging.disable(logging.WARNING)
    from ai_worker.evaluation.service import evaluate
    from ai_worker.questions.service import choose_question
    from tests.interview_script import BACKEND_ANSWERS

    ctxs = contexts()
    result: dict[str, Any] = {}
    # The first call pays for loading (kiwipiepy's model, the transformers model, the HTTP connection).
    first_ms, _ = timed(lambda: choose_question(ctxs[1]))
    first_eval_ms, _ = timed(lambda: evaluate(ctxs[1].history[0].question, BACKEND_ANSWERS[0], POSITION))
    result["first_call_ms"] = {"question": round(first_ms, 1), "evaluation": round(first_eval_ms, 1)}

    latencies: list[float] = []
    sources: dict[str, int] = {}
    deadline = time.monotonic() + args.budget
    for i in range(args.questions):
        if time.monotonic() > deadline:
            break
        ms, planned = timed(lambda i=i: choose_question(ctxs[i % len(ctxs)]))
        latencies.append(ms)
        sources[planned.source] = sources.get(planned.source, 0) + 1
    result["question"] = {"ms": latencies, "sources": sources, "example": planned.text}

    latencies, sources = [], {}
    deadline = time.monotonic() + args.budget
    for i in range(args.evaluations):
        if time.monotonic() > deadline:
            break
        ctx = ctxs[1 + i % (len(ctxs) - 1)]
        qa = ctx.history[-1]
        ms, evaluation = timed(lambda qa=qa: evaluate(qa.question, qa.answer or "", POSITION))
        latencies.append(ms)
        sources[evaluation.source] = sources.get(evaluation.source, 0) + 1
    result["evaluation"] = {"ms": latencies, "sources": sources, "example_score": evaluation.score}
    sys.stdout.write(MARK + json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
