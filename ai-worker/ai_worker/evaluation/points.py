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
from dataclasses import dataclass
from functools import lru_cache

from interview_common.positions.bank import COMPETENCY_BANK, bank_for
from interview_common.positions.families import Family
from interview_common.positions.looks_for import points_of

_SPACE = re.compile(r"\s+")


def _compact(text: str) -> str:
    return _SPACE.sub("", text.lower())


_Forms = tuple[tuple[str, ...], frozenset[str], "re.Pattern[str] | None"]
_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=4096)
def _forms(point: str) -> _Forms:
    """A point's Korean forms without spaces (a candidate says "서킷브레이커" as often as "서킷 브레이커"),
    the first word of each English form, and the English forms as one whole-word pattern ("ci" must
    not match "circuit")."""
    forms = [form.strip().lower() for form in point.split("/") if form.strip()]
    latin = [form for form in forms if form.isascii()]
    alternatives = "|".join(re.escape(form) for form in latin)
    pattern = re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])") if latin else None
    # A form without a letter or digit ("#") has no first word: its empty one sends it to the pattern.
    first_words = frozenset(words[0] if (words := _WORD.findall(form)) else "" for form in latin)
    return tuple(_compact(form) for form in forms if not form.isascii()), first_words, pattern


@dataclass(frozen=True)
class _Said:
    """An answer as points are matched against it: lowered, without spaces, and its English words."""

    lowered: str
    compact: str
    words: frozenset[str]


def _said(answer: str) -> _Said:
    lowered = answer.lower()
    return _Said(lowered, _compact(answer), frozenset([*_WORD.findall(lowered), ""]))


def _says(forms: _Forms, said: _Said) -> bool:
    korean, first_words, pattern = forms
    if any(form in said.compact for form in korean):
        return True
    # The whole-word search only where the answer has a form's first word: most points are not in an answer.
    return pattern is not None and not said.words.isdisjoint(first_words) and bool(pattern.search(said.lowered))


@lru_cache(maxsize=256)
def _points(question: str) -> tuple[tuple[str, _Forms], ...]:
    """A question's points, each as its name (first form) and its prepared forms."""
    return tuple((point.split("/")[0], _forms(point)) for point in points_of(question))


def point_met(point: str, answer: str) -> bool:
    """Whether the answer says the point in one of its forms."""
    return _says(_forms(point), _said(answer))


def _met(question: str, said: _Said) -> list[str]:
    return [name for name, forms in _points(question) if _says(forms, said)]


def points_met(question: str, answer: str) -> list[str]:
    """The question's points the answer speaks to, each named by its first form."""
    return _met(question, _said(answer))


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


def best_share(questions: Iterable[str], answer: str) -> float:
    """The highest share of points the answer reaches on one of `questions`."""
    said = _said(answer)
    return max((len(_met(q, said)) / len(points) for q in questions if (points := points_of(q))), default=0.0)
