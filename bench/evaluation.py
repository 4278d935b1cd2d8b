"""Benchmark 5 — answer evaluation quality on the labelled Korean set (`ai-worker/evaluation-set/`).

For each evaluation backend, every answer of the set is scored and the figures an evaluator must get
right are printed (`ai_worker.evaluation.labelled`): pairwise ordering accuracy of the honest levels
(strong > adequate > vague > off-topic), mean score per level and the gaps between them, and where the
adversarial answers land — a keyword salad, an echo of the question, a strong answer to another
question of the same family, non-answers — as a share below half of the same question's strong answer.

Backends: `local` (the offline rubric, always) and, opt-in, `openai`: any OpenAI-compatible server
(`--llm-base-url http://127.0.0.1:11434/v1 --llm-model qwen2.5:7b-instruct`, or LLM_BASE_URL/LLM_MODEL
in the environment), called exactly as the worker calls it, with its fallback to the local rubric when
the model's JSON is invalid (counted). Without a server the `openai` row says it was skipped.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from typing import Any

from bench.common import machine_info, run_module, say, table, versions, write_result


def _local(question: str, answer: str, position: str) -> tuple[int, str]:
    from ai_worker.evaluation.rubric import evaluate_locally

    evaluation = evaluate_locally(question, answer, position)
    return evaluation.score, evaluation.source


def _configured_llm(base_url: str, model: str) -> Any:
    """The worker's own evaluation path with LLM_BACKEND=openai, or None when no server answers."""
    import httpx

    try:
        httpx.get(f"{base_url.rstrip('/')}/models", timeout=5).raise_for_status()
    except httpx.HTTPError as exc:
        say(f"  openai: no server at {base_url} ({exc}); skipped")
        return None
    os.environ.update(LLM_BACKEND="openai", LLM_BASE_URL=base_url, LLM_MODEL=model)
    from interview_common.settings import get_settings

    get_settings.cache_clear()
    from ai_worker.evaluation.service import evaluate

    def score(question: str, answer: str, position: str) -> tuple[int, str]:
        evaluation = evaluate(question, answer, position)
        return evaluation.score, evaluation.source

    return score


def measure_backend(name: str, scorer: Any) -> dict[str, Any]:
    from ai_worker.evaluation.labelled import measure

    sources: dict[str, int] = {}
    timings: list[float] = []

    def score(question: str, answer: str, position: str) -> int:
        started = time.perf_counter()
        value, source = scorer(question, answer, position)
        timings.append(time.perf_counter() - started)
        sources[source] = sources.get(source, 0) + 1
        return value

    figures = measure(score)
    result = figures.summary()
    result["answers_scored"] = len(timings)
    # The median: the first answer also loads the analyser (Kiwi) and the bank's statistics.
    result["ms_per_answer"] = round(1000 * statistics.median(timings), 1) if timings else 0.0
    result["first_answer_ms"] = round(1000 * timings[0], 1) if timings else 0.0
    result["sources"] = sources
    result["scores"] = figures.scores
    from ai_worker.evaluation.labelled import measure_held_out

    # Across families only for the local rubric: 896 more answers would be slow or costly on an LLM.
    across = name == "local"
    result["held_out"] = measure_held_out(lambda q, a, p: scorer(q, a, p)[0], across_families=across).summary()
    say(f"  {name}: {len(timings)} answers in {sum(timings):.1f}s")
    return result


def _across(held_out: dict[str, Any]) -> str:
    if "other_family_pairs" not in held_out:
        return "not run"
    return f"{held_out['other_family_below_half']}/{held_out['other_family_pairs']}"


def report(results: dict[str, dict[str, Any]]) -> None:
    rows = []
    for name, r in results.items():
        mean, below = r["mean"], r["adversarial_below_half"]
        rows.append(
            [
                name,
                f"{100 * r['pairwise_accuracy']:.1f}%",
                f"{mean['strong']:.1f}",
                f"{mean['adequate']:.1f}",
                f"{mean['vague']:.1f}",
                f"{mean['off_topic']:.1f} (max {r['off_topic_max']})",
                f"{100 * below['keyword_salad']:.0f}%",
                f"{100 * below['echo']:.0f}%",
                f"{100 * below['other_question']:.0f}%",
                f"{100 * below['non_answer']:.0f}%",
                r["ms_per_answer"],
            ]
        )
    say("\n  Scores by level, and adversarial answers below half of the strong answer's score")
    say(
        table(
            ["backend", "pairwise", "strong", "adequate", "vague", "off-topic", "salad", "echo", "other Q",
             "non-answer", "ms/answer (median)"],
            rows,
        )
    )  # fmt: skip
    for name, r in results.items():
        say(f"  {name}: gaps {r['gaps']}; misordered {r['misordered'] or 'none'}; sources {r['sources']}")
    say("\n  Held out (answers written without sight of the rubric; evaluation-set/held-out.json)")
    say(
        table(
            ["backend", "strong mean", "strong min", "adequate mean", "strong > adequate", "other Q below half",
             "other family's Q below half"],
            [[name, r["held_out"]["strong_mean"], r["held_out"]["strong_min"], r["held_out"]["adequate_mean"],
              f"{r['held_out']['strong_above_adequate']}/{r['held_out']['items']}",
              f"{r['held_out']['other_question_below_half']}/{r['held_out']['other_question_pairs']}",
              _across(r["held_out"])]
             for name, r in results.items()],
        )
    )  # fmt: skip


def run(args: argparse.Namespace) -> dict[str, Any]:
    say("\n== Answer evaluation on the labelled Korean set ==")
    results: dict[str, dict[str, Any]] = {"local": measure_backend("local", _local)}
    base_url = args.llm_base_url or os.environ.get("LLM_BASE_URL", "")
    model = args.llm_model or os.environ.get("LLM_MODEL", "")
    if base_url and model:
        scorer = _configured_llm(base_url, model)
        if scorer is not None:
            results[f"openai ({model})"] = measure_backend("openai", scorer)
    else:
        say("  openai: skipped (no --llm-base-url/--llm-model or LLM_BASE_URL/LLM_MODEL)")
    report(results)
    data = {"machine": machine_info(), "versions": versions(), "results": results}
    path = write_result("evaluation", data)
    say(f"  results: {path.relative_to(path.parents[2])}")
    return data


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--llm-base-url", default="", help="an OpenAI-compatible server to evaluate as well")
    parser.add_argument("--llm-model", default="", help="the model name that server knows")


def main() -> None:
    run_module(__doc__, add_arguments, run)


if __name__ == "__main__":
    main()
