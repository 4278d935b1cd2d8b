"""Follow-up questions read right: checked with kiwipiepy over every answer of the evaluation set.

For each honest answer of `ai-worker/evaluation-set/answers.json` (64 answers across eight position
families) the planner writes the follow-up it would ask; each is analysed by kiwipiepy:
- the term it names is a noun phrase that starts with its own content, never a dependent noun
  ("기반 정산 파이프라인" without its "Kafka") or a bare function word;
- the particle after the term agrees with the term's final sound (을/를, 과/와, 으로/로), judged from the
  Hangul syllable itself where the term ends in one, and is read by the analyser as a particle;
- the whole question still parses as a question (a sentence-final ending).
"""

from __future__ import annotations

import pytest

from ai_worker.evaluation.labelled import TIERS, load
from ai_worker.questions.context import QA, QuestionContext, QuestionKind
from ai_worker.questions.korean import _BOUND_NOUNS, _UNITS, key_terms, kiwi
from ai_worker.questions.planner import plan_next_question

PARTICLE_TAGS = {"JKO", "JKS", "JKB", "JC", "JX", "JKG"}
FUNCTION_WORDS = {"함께", "간단", "관련", "경우", "기반", "위주", "정도", "부분", "대한", "위한"}


def _follow_ups() -> list[tuple[str, str, str]]:
    """(item id, planned question, named term) for the follow-up to every honest answer of the set."""
    out = []
    for item in load():
        for tier in TIERS[:3]:  # off-topic answers are not followed up on
            ctx = QuestionContext(
                position=item.position,
                order=3,
                total=5,
                history=(
                    QA(1, "먼저 간단한 자기소개를 부탁드립니다.", "저는 개발자입니다."),
                    QA(2, item.question, item.answers[tier]),
                ),
            )
            planned = plan_next_question(ctx)
            if planned.kind is QuestionKind.FOLLOW_UP:
                out.append((f"{item.id}/{tier}", planned.text, planned.key_terms[0]))
    return out


FOLLOW_UPS = _follow_ups()


def test_most_substantive_answers_get_a_follow_up() -> None:
    assert len(FOLLOW_UPS) >= 30, len(FOLLOW_UPS)


def _final_jong(syllable: str) -> int:
    return (ord(syllable) - ord("가")) % 28


@pytest.mark.parametrize(("case", "question", "term"), FOLLOW_UPS, ids=[c for c, _, _ in FOLLOW_UPS])
def test_follow_up_names_a_whole_noun_phrase_with_a_fitting_particle(case: str, question: str, term: str) -> None:
    words = term.split()
    assert words[0] not in _BOUND_NOUNS, term
    assert words[0].lower() not in _UNITS, term  # "fps 아래" from "60fps 아래로": a unit, not a name
    assert term not in FUNCTION_WORDS, term
    assert term in question
    tokens = kiwi().tokenize(question)
    first = tokens[0]
    assert first.tag not in ("NNB",), (term, question)
    # The particle right after the term.
    end = question.index(term) + len(term)
    after = [t for t in tokens if t.start == end]
    if after and after[0].tag in PARTICLE_TAGS:
        particle = after[0].form
        last = term[-1]
        if "가" <= last <= "힣":
            jong = _final_jong(last)
            pairs = {"을": "를", "과": "와", "이": "가", "은": "는"}
            for with_final, without in pairs.items():
                if particle in (with_final, without):
                    assert particle == (with_final if jong else without), (term, particle, question)
            if particle in ("으로", "로"):
                assert particle == ("로" if jong in (0, 8) else "으로"), (term, particle, question)  # ㄹ = 8
    # Still a question: it ends with a sentence-final ending.
    assert any(t.tag == "EF" for t in tokens[-4:]), question


def test_key_terms_never_start_with_a_dependent_noun() -> None:
    answer = "저는 Kafka 기반 정산 파이프라인을 설계했고, 결제 관련 기반 작업과 리포트 기반 분석도 맡았습니다."
    terms = key_terms(answer, limit=5)
    assert "Kafka 기반 정산 파이프라인" in terms
    assert all(term.split()[0] not in _BOUND_NOUNS for term in terms), terms
