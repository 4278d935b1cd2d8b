"""Does the answer answer *this* question? Topical fit, for gating the evidence an answer brings.

A strong, concrete story about something else (a database index for a question about page load, a
circuit breaker for a question about measuring a bottleneck) has every cue of a good answer; only
its topic gives it away. Two measures, both over content lemmas (kiwipiepy) weighted by how
distinctive each word is among the question bank (IDF: "경험", "설명" weigh little, "병목", "권한" much):

- coverage: the share of the question's weight the answer speaks to, literally or through a related
  word a candidate would use instead ("수작업" ↔ "손으로", "측정" ↔ "프로파일링", "지표");
- fit relative to the rest of the position's bank: an answer that covers another question of the
  family clearly better than the one asked is an answer to that other question.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import lru_cache

from ai_worker.evaluation.lexicon import RELATED_CONCEPTS
from ai_worker.evaluation.structure import structure_of
from ai_worker.questions.bank import CLOSING_QUESTIONS, OPENERS, all_bank_texts, bank_for
from ai_worker.questions.extract import cached_similarity
from ai_worker.questions.families import Family

# Words every kind of answer says, whatever the question ("전체 시간", "서비스", "작업"): no topic in them.
GENERIC_LEMMAS = frozenset(
    {"전체", "실제", "서비스", "작업", "과정", "바꾸", "두", "기능", "방법", "부분", "정도", "경우", "사용"}
)

# Fit below this is reached by answers that share only generic words with the question.
FULL_COVERAGE = 0.35


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


def _spoken(lemma: str, answer_lemmas: set[str], answer_text: str) -> bool:
    if lemma in answer_lemmas or any(len(lemma) >= 2 and a.startswith(lemma) for a in answer_lemmas):
        return True
    return any(cue.lower() in answer_text for cue in RELATED_CONCEPTS.get(lemma, ()))


def coverage(question: str, answer: str) -> float:
    """The share of the question's (IDF-weighted) content the answer speaks to, 0..1."""
    asked = set(structure_of(question).content) - GENERIC_LEMMAS
    if not asked:
        return 0.0
    lemmas = set(structure_of(answer).content)
    text = answer.lower()
    total = sum(_weight(lemma) for lemma in asked)
    spoken = sum(_weight(lemma) for lemma in asked if _spoken(lemma, lemmas, text))
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


def topic_fit(question: str, answer: str, family: Family) -> float:
    """How well the answer is about the question asked, 0..1 (1: on topic)."""
    if _INTRODUCTION.search(question):
        return 1.0
    own = coverage(question, answer)
    if own >= FULL_COVERAGE:
        return 1.0  # it speaks to this question, whatever else it would also answer
    best_rival = max((coverage(rival, answer) for rival in _rivals(question, family)), default=0.0)
    # Half-covered, and another question of the position clearly better: an answer to that question.
    lead = own - best_rival
    relative = 1.0 if lead >= -0.15 else max(0.0, 1.0 + (lead + 0.15) / 0.3)
    return own / FULL_COVERAGE * relative
