"""The local rubric scorer: a deterministic, explainable evaluation of one Korean interview answer.

It runs when no LLM backend is configured and whenever an LLM's output fails validation, so it
must be useful on its own: every score comes from cues that can be pointed at in the answer
(shared key terms, STAR markers, quoted metrics, reasons, trade-offs, fillers), and the written
feedback names what was found. Three steps, each a module of its own:

- `signals.py` (with `text.py`, `lexicon.py` and `structure.py`): what the answer contains;
- `scoring.py`: how those signals become the four dimensions and the overall score;
- `feedback.py`: what the candidate is told (strengths, improvements, a summary).
"""

from __future__ import annotations

from ai_worker.evaluation.feedback import (
    HONEST_ADMISSION,
    NOTHING_TO_JUDGE,
    PLACEHOLDER_STRENGTHS,
    TRIED_TO_ANSWER,
    TRIED_TO_TELL,
    improvements_for,
    strengths_for,
    summary_for,
)
from ai_worker.evaluation.scoring import RELEVANCE_GATE, WEIGHTS, combine, rubric_for
from ai_worker.evaluation.signals import AnswerSignals, analyse_answer
from ai_worker.evaluation.text import key_terms, split_sentences
from interview_common.results import Evaluation

__all__ = [
    "HONEST_ADMISSION",
    "NOTHING_TO_JUDGE",
    "PLACEHOLDER_STRENGTHS",
    "RELEVANCE_GATE",
    "TRIED_TO_ANSWER",
    "TRIED_TO_TELL",
    "WEIGHTS",
    "AnswerSignals",
    "analyse_answer",
    "combine",
    "evaluate_locally",
    "key_terms",
    "split_sentences",
]


def evaluate_locally(question: str, answer: str, position: str) -> Evaluation:
    """Score one answer on the four rubric dimensions and write Korean feedback (source="local")."""
    signals = analyse_answer(question, answer or "", position)
    rubric = rubric_for(signals)
    score = combine(rubric)
    improvements = improvements_for(signals, rubric)
    return Evaluation(
        score=score,
        rubric=rubric,
        strengths=strengths_for(signals, rubric),
        improvements=improvements,
        summary=summary_for(signals, rubric, score, improvements)[:500],
        source="local",
    )
