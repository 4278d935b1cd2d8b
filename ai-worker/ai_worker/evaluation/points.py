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

from interview_common.positions.bank import COMPETENCY_BANK, bank_for
from interview_common.positions.families import Family
from interview_common.positions.looks_for import points_of

_SPACE = re.compile(r"\s+")


def _compact(text: str) -> str:
    return _SPACE.sub("", text.lower())


@lru_cache(maxsize=4096)
def _forms(point: str) -> tuple[tuple[str, ...], tuple[str, ...], re.Pattern[str] | None]:
    """A point's Korean forms without spaces (a candidate says "서킷브레이커" as often as "서킷 브레이커"),
    its English forms, and those as one whole-word pattern ("ci" must not match "circuit")."""
    forms = [form.strip().lower() for form in point.split("/") if form.strip()]
    latin = tuple(form for form in forms if form.isascii())
    alternatives = "|".join(re.escape(form) for form in latin)
    pattern = re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])") if latin else None
    return tuple(_compact(form) for form in forms if not form.isascii()), latin, pattern


def point_met(point: str, lowered: str, compact: str) -> bool:
    """Whether an answer (given lowered, and lowered without spaces) says the point in one of its forms."""
    korean, latin, pattern = _forms(point)
    if any(form in compact for form in korean):
        return True
    # The whole-word search only where a substring test found the word: most points are not in an answer.
    return pattern is not None and any(form in lowered for form in latin) and bool(pattern.search(lowered))


def _met(question: str, lowered: str, compact: str) -> list[str]:
    return [point.split("/")[0] for point in points_of(question) if point_met(point, lowered, compact)]


def points_met(question: str, answer: str) -> list[str]:
    """The question's points the answer speaks to, each named by its first form."""
    return _met(question, answer.lower(), _compact(answer))


def point_share(question: str, answer: str) -> float | None:
    """The share of the question's points the answer speaks to; None for a question without points."""
    points = points_of(question)
    if not points:
        return None
    return len(points_met(question, answer)) / len(points)


def family_siblings(question: str, family: Family) -> list[str]:
    """The family's other bank questions: what else an answer for this position might be answering."""
    return [entry.text for entry in bank_for(family) if entry.text != question.strip()]


def other_families(family: Family) -> list[str]:
    """The bank questions of every other family: a story prepared for another role."""
    return [entry.text for other, entries in COMPETENCY_BANK.items() if other is not family for entry in entries]


def best_share(questions: Iterable[str], answer: str) -> tuple[float, str | None]:
    """The highest share of points the answer reaches on one of `questions`, and that question."""
    lowered, compact = answer.lower(), _compact(answer)
    best: tuple[float, str | None] = (0.0, None)
    for question in questions:
        points = points_of(question)
        share = len(_met(question, lowered, compact)) / len(points) if points else 0.0
        if share > best[0]:
            best = (share, question)
    return best
