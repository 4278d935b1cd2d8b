"""Does the answer answer *this* question? Topical fit, for gating the evidence an answer brings.

A strong, concrete story about something else (a database index for a question about page load, a
circuit breaker for a question about measuring a bottleneck) has every cue of a good answer; only
its topic gives it away. Two measures, both over content lemmas (kiwipiepy) weighted by how
distinctive each word is among the question bank (IDF: "경험", "설명" weigh little, "병목", "권한" much):

- coverage: the share of the question's weight the answer speaks to, literally or through a related
  word a candidate would use instead ("수작업" ↔ "손으로", "측정" ↔ "프로파일링", "지표"); nouns carry
  the topic, verbs ("줄이", "갖추") count for less;
- fit relative to the rest of the position's bank: an answer that dwells on another question of the
  family (comes back to its concepts) clearly more than on the one asked is an answer to that other
  question, even when it touches this one's words in passing;
- for a bank question, its evaluation points (`points.py`): an answer that names clearly more of a
  sibling question's points than of this one's (a circuit breaker and timeouts, asked how the
  bottleneck of a slow API was found), or almost none of this one's and many of another family's
  question's (a Flutter migration, asked how to choose between models), answers that question, however
  many of this question's words it repeats. Words are shared between neighbouring questions; what a
  strong answer names is not.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from ai_worker.evaluation.lexicon import RELATED_CONCEPTS
from ai_worker.evaluation.points import best_share, family_siblings, other_families, points_met
from ai_worker.evaluation.structure import structure_of
from ai_worker.questions.extract import cached_similarity
from interview_common.positions.bank import CLOSING_QUESTIONS, OPENERS, all_bank_texts, bank_for
from interview_common.positions.families import Family
from interview_common.positions.looks_for import points_of

# Words every kind of answer says, whatever the question ("전체 시간", "서비스", "작업"): no topic in them.
GENERIC_LEMMAS = frozenset(
    {"전체", "실제", "서비스", "작업", "과정", "바꾸", "두", "기능", "방법", "부분", "정도", "경우", "사용", "사용자"}
)

# Fit below this is reached by answers that share only generic words with the question.
FULL_COVERAGE = 0.35
# What a question is about lives in its nouns ("크래시", "권한", "번들"); its verbs ("줄이", "갖추",
# "느끼") say what to do about it and are spoken by answers to any question.
VERB_SHARE = 0.3
# For an answer that covers the question only partly: its dwelling on the question as a share of its
# dwelling on the best rival question; at or below the first an answer to the rival, from the second
# on this one's. Chosen on the held-out answers (evaluation-set/held-out.json), not only on the set:
# a band of (0.6, 0.85) applied to every answer scored 16 of 16 there but marked 3 of 16 honest
# held-out answers off topic.
RIVAL_SHARE = (0.3, 0.6)
# A rival the answer dwells on less than this is a word shared in passing ("동기" 처리 and "동기"
# 부여), not the question the answer is about.
RIVAL_FLOOR = 0.4
# Mentions of a question's concept that make it what the answer is about (see `coverage`).
FOCUS_MENTIONS = 2
# Evaluation points: a sibling question is what the answer is about when the answer names at least
# this share of the sibling's points and this margin more than of the asked question's. Strong answers
# name two to six of a question's ten points; an answer to a sibling names none to two of them.
POINTS_FLOOR = 0.3
POINTS_MARGIN = 0.2
# A question of another family is held to a stricter test, because neighbouring families share points
# (a designer's usability test is a product manager's too): the answer names at most this many of the
# asked question's points and at least this share of the other's (a Flutter migration story, told to a
# question about choosing between a baseline model and a complex one).
OTHER_FAMILY_OWN = 1
OTHER_FAMILY_FLOOR = 0.4


@lru_cache(maxsize=1)
def _idf() -> dict[str, float]:
    texts = [*all_bank_texts(), *OPENERS.values(), *CLOSING_QUESTIONS]
    frequency: dict[str, int] = {}
    for text in texts:
        for lemma in set(structure_of(text).content):
            frequency[lemma] = frequency.get(lemma, 0) + 1
    total = len(texts)
    return {lemma: math.log((total + 1) / (count + 1)) for lemma, count in frequency.items()}


def _weight(lemma: str) -> float:
    return _idf().get(lemma, math.log(len(all_bank_texts()) + 1))


def _mentions(lemma: str, answer_lemmas: Sequence[str], answer_text: str) -> int:
    """How often the answer speaks to the lemma: the word itself, a longer word it starts, a related cue."""
    literal = sum(1 for a in answer_lemmas if a == lemma or (len(lemma) >= 2 and a.startswith(lemma)))
    return literal + sum(answer_text.count(cue.lower()) for cue in RELATED_CONCEPTS.get(lemma, ()))


def coverage(question: str, answer: str, focused: bool = False) -> float:
    """The share of the question's (IDF-weighted) content the answer speaks to, 0..1.

    `focused` counts a concept in full only when the answer comes back to it (FOCUS_MENTIONS times):
    a story about something else touches a question's words in passing ("슬랙 알림" in a crash story
    for a question about push notifications), an answer to the question dwells on them.
    """
    form = structure_of(question)
    asked = set(form.content) - GENERIC_LEMMAS
    if not asked:
        return 0.0
    nouns = set(form.nouns)
    weights = {lemma: _weight(lemma) * (1.0 if lemma in nouns else VERB_SHARE) for lemma in asked}
    lemmas = structure_of(answer).content
    text = answer.lower()
    total = sum(weights.values())
    spoken = 0.0
    for lemma, weight in weights.items():
        mentions = _mentions(lemma, lemmas, text)
        spoken += weight * (min(1.0, mentions / FOCUS_MENTIONS) if focused else min(1, mentions))
    return spoken / total if total else 0.0


def _rivals(question: str, family: Family) -> Iterable[str]:
    """The family's other bank questions (and the general ones): what else the answer might be answering."""
    families = [family] if family is Family.GENERAL else [family, Family.GENERAL]
    for member in families:
        for entry in bank_for(member):
            if entry.text != question and cached_similarity(entry.text, question) < 0.6:
                yield entry.text


# "Tell us about yourself": any of the candidate's work is on topic.
_INTRODUCTION = re.compile(r"자기소개|본인 소개|자신을 소개|스스로를 소개")


def _relative(share: float) -> float:
    """0 at or below the first RIVAL_SHARE (an answer to the rival), 1 from the second on (this question's)."""
    low, high = RIVAL_SHARE
    return min(1.0, max(0.0, (share - low) / (high - low)))


def points_fit(question: str, answer: str, family: Family) -> float:
    """1 unless the answer names clearly more of another bank question's points than of this one's."""
    points = points_of(question)
    if not points:
        return 1.0  # not a bank question: nothing to compare with
    met = len(points_met(question, answer))
    own = met / len(points)
    # The family's own questions first: a behavioural question of the general pool shares points
    # ("우선순위", "일정") with a product manager's, and its answers are still answers to the PM's.
    sibling = best_share(family_siblings(question, family), answer)
    if sibling >= POINTS_FLOOR and own <= sibling - POINTS_MARGIN + 1e-9:
        return _relative(own / sibling)
    if met <= OTHER_FAMILY_OWN:
        elsewhere = best_share(other_families(family), answer)
        if elsewhere >= OTHER_FAMILY_FLOOR:
            return _relative(own / elsewhere)
    return 1.0


def topic_fit(question: str, answer: str, family: Family) -> float:
    """How well the answer is about the question asked, 0..1 (1: on topic)."""
    if _INTRODUCTION.search(question):
        return 1.0
    return min(_words_fit(question, answer, family), points_fit(question, answer, family))


def _words_fit(question: str, answer: str, family: Family) -> float:
    own = coverage(question, answer)
    if own >= FULL_COVERAGE:
        return 1.0  # it speaks to this question's words, whatever else it would also answer
    # Half-covered, and another question of the position clearly more what the answer dwells on:
    # an answer to that question.
    focus = coverage(question, answer, focused=True)
    best_rival = max((coverage(rival, answer, focused=True) for rival in _rivals(question, family)), default=0.0)
    share = focus / best_rival if best_rival > focus and best_rival >= RIVAL_FLOOR else 1.0
    return own / FULL_COVERAGE * _relative(share)
