"""Which of a question's evaluation points an answer speaks to, and whether it speaks more to another question's.

The points (`interview_common.positions.looks_for`) are what an interviewer listens for: a circuit
breaker, timeouts and fallbacks for "how do you keep a failing dependency from taking the service
down", a profiler, p95 and N+1 queries for "how did you find the bottleneck of a slow API". Words the
question and its neighbours share ("API", "느려질", "서비스") cannot tell those two apart; the points
can, because a strong answer names what it did.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from interview_common.positions.bank import bank_for
from interview_common.positions.families import Family
from interview_common.positions.looks_for import points_of

_SPACE = re.compile(r"\s+")


def _compact(text: str) -> str:
    return _SPACE.sub("", text.lower())


@lru_cache(maxsize=4096)
def _forms(point: str) -> tuple[re.Pattern[str] | None, tuple[str, ...]]:
    """A point's English forms as one whole-word pattern ("ci" must not match "circuit") and its Korean
    forms without spaces (a candidate says "서킷브레이커" as often as "서킷 브레이커")."""
    forms = [form.strip().lower() for form in point.split("/") if form.strip()]
    latin = [re.escape(form) for form in forms if form.isascii()]
    pattern = re.compile(r"(?<![a-z0-9])(?:" + "|".join(latin) + r")(?![a-z0-9])") if latin else None
    return pattern, tuple(_compact(form) for form in forms if not form.isascii())


def point_met(point: str, lowered: str, compact: str) -> bool:
    """Whether an answer (given lowered, and lowered without spaces) says the point in one of its forms."""
    pattern, korean = _forms(point)
    return any(form in compact for form in korean) or bool(pattern and pattern.search(lowered))


def points_met(question: str, answer: str) -> list[str]:
    """The question's points the answer speaks to, each named by its first form."""
    lowered = answer.lower()
    compact = _compact(answer)
    return [point.split("/")[0] for point in points_of(question) if point_met(point, lowered, compact)]


def point_share(question: str, answer: str) -> float | None:
    """The share of the question's points the answer speaks to; None for a question without points."""
    points = points_of(question)
    if not points:
        return None
    return len(points_met(question, answer)) / len(points)


def _siblings(question: str, family: Family) -> Iterable[str]:
    # Only the family's own questions: a behavioural question of the general pool shares points
    # ("우선순위", "일정") with a product manager's, and its answers are still answers to the PM's.
    return (entry.text for entry in bank_for(family) if entry.text != question.strip())


def best_sibling_share(question: str, answer: str, family: Family) -> tuple[float, str | None]:
    """The highest share of points the answer reaches on another question of the family, and that question."""
    best: tuple[float, str | None] = (0.0, None)
    for sibling in _siblings(question, family):
        share = point_share(sibling, answer) or 0.0
        if share > best[0]:
            best = (share, sibling)
    return best
