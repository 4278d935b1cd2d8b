"""The bank's evaluation points: complete, matched as candidates say them, and deciding which question an answer answers."""

from __future__ import annotations

import pytest

from ai_worker.evaluation.labelled import load, load_held_out
from ai_worker.evaluation.points import point_met, point_share, points_met
from ai_worker.evaluation.rubric import evaluate_locally
from ai_worker.evaluation.topic import points_fit, topic_fit
from interview_common.positions.bank import COMPETENCY_BANK
from interview_common.positions.families import Family
from interview_common.positions.looks_for import LOOKS_FOR, points_of

GENERIC = {"경험", "문제", "개선", "서비스", "사용자", "데이터", "결과", "팀", "시간", "작업", "개발", "코드"}


def test_every_bank_question_has_its_points_and_no_other_text_does() -> None:
    bank = {q.text for questions in COMPETENCY_BANK.values() for q in questions}
    assert set(LOOKS_FOR) == bank
    for question, points in LOOKS_FOR.items():
        assert 6 <= len(points) <= 10, question
        for point in points:
            forms = [form.strip() for form in point.split("/")]
            assert len(forms) >= 2, point
            assert all(forms), point
            # A word every answer says would mark any answer as speaking to the point.
            assert not GENERIC & set(forms), point
    assert points_of("면접관이 새로 지어낸 질문입니까?") == ()


def _met(point: str, text: str) -> bool:
    return point_met(point, text)


def test_points_match_as_candidates_say_them() -> None:
    assert _met("서킷 브레이커/circuit breaker", "서킷브레이커를 붙였습니다")  # spacing varies in speech
    assert _met("서킷 브레이커/circuit breaker", "Circuit Breaker로 끊었습니다")
    assert _met("ci/지속적 통합", "CI에서 돌렸습니다")  # a Korean particle right after the word
    assert not _met("ci/지속적 통합", "circuit을 열었습니다")  # not inside another English word
    assert _met("n+1/지연 로딩", "N+1 문제가 있었습니다")  # regex characters are literal
    assert not _met("n+1/지연 로딩", "n1 문제")


@pytest.fixture(scope="module")
def answers() -> list[tuple[str, str, str, Family]]:
    """(question, strong answer, adequate answer, family) for both files of the labelled set."""
    rows = [(i.question, i.answers["strong"], i.answers["adequate"], Family(i.family)) for i in load()]
    rows += [(h.question, h.strong, h.adequate, Family(h.family)) for h in load_held_out()]
    return rows


def test_no_honest_answer_is_taken_for_another_question_s(answers: list[tuple[str, str, str, Family]]) -> None:
    for question, strong, adequate, family in answers:
        assert points_fit(question, strong, family) == 1.0, question
        assert points_fit(question, adequate, family) == 1.0, question


def test_a_story_naming_a_sibling_s_points_answers_the_sibling(answers: list[tuple[str, str, str, Family]]) -> None:
    def find(start: str) -> tuple[str, str]:
        return next((question, strong) for question, strong, _, _ in answers if question.startswith(start))

    manual, _ = find("수작업으로 하던 운영 업무를")  # asks what was automated
    infra, infra_story = find("인프라를 코드로 관리할 때")  # asks about infrastructure as code
    # The Terraform story repeats the automation question's words (자동화, 수작업) ...
    assert point_share(manual, infra_story) is not None
    assert point_share(infra, infra_story) > point_share(manual, infra_story) + 0.3, points_met(infra, infra_story)
    # ... but names the other question's points: it is taken for that question's answer.
    assert points_fit(manual, infra_story, Family.DEVOPS) < 0.5
    assert topic_fit(manual, infra_story, Family.DEVOPS) < 0.5
    assert points_fit(infra, infra_story, Family.DEVOPS) == 1.0


def test_a_question_outside_the_bank_is_judged_on_its_words_alone() -> None:
    story = "Terraform 모듈로 환경별 변수를 나누고 plan 결과를 PR에서 리뷰했습니다."
    assert point_share("생성된 새 질문입니다?", story) is None
    assert points_fit("생성된 새 질문입니다?", story, Family.DEVOPS) == 1.0


def test_a_story_prepared_for_another_role_answers_that_role_s_question() -> None:
    # A mobile developer's Flutter-or-native story repeats the model-selection question's words (기준,
    # 비교, 판단) but names the mobile question's points, not the model-selection question's.
    native = next(h for h in load_held_out() if h.question.startswith("네이티브 개발과 크로스 플랫폼"))
    models = next(q.text for q in COMPETENCY_BANK[Family.DATA_ML] if q.text.startswith("문제에 맞는 모델을"))
    assert len(points_met(models, native.strong)) <= 1
    assert point_share(native.question, native.strong) >= 0.4
    assert points_fit(models, native.strong, Family.DATA_ML) < 0.5
    assert evaluate_locally(models, native.strong, "데이터 사이언티스트").score < 50
    assert evaluate_locally(native.question, native.strong, "안드로이드 개발자").score >= 80
