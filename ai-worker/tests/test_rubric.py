"""The local rubric scorer on realistic Korean interview answers: ordering, each dimension's own signal, feedback."""

from __future__ import annotations

import re

import pytest

from ai_worker.evaluation.rubric import (
    HONEST_ADMISSION,
    RELEVANCE_GATE,
    WEIGHTS,
    combine,
    evaluate_locally,
    key_terms,
    split_sentences,
)
from interview_common.results import Evaluation, RubricScores

BACKEND = "백엔드 개발자"
FRONTEND = "프론트엔드 개발자"
PM = "서비스 기획자(PM)"

Q_INCIDENT = "장애가 났을 때 로그와 지표만으로 원인을 좁혀 간 과정을 구체적인 사례로 설명해 주시겠어요?"
Q_TRAFFIC = "트래픽이 갑자기 열 배로 늘었을 때 가장 먼저 병목이 될 곳은 어디라고 보시고, 어떻게 대응하시겠어요?"
Q_SLOW_PAGE = "웹 페이지가 느리다는 피드백을 받았을 때 어떤 순서로 원인을 찾고 개선하시나요?"
Q_PM_IMPACT = "직접 기획한 기능 중 성과가 가장 좋았던 것을 소개하고, 성과를 어떻게 측정했는지 말씀해 주시겠어요?"
Q_CONFLICT = "팀원과 갈등이 있었던 경험과 그것을 어떻게 해결했는지 말씀해 주시겠어요?"
Q_ACCESSIBILITY = "접근성을 고려해 UI를 바꿨던 경험이 있다면 무엇을 어떻게 바꾸셨는지 말씀해 주시겠어요?"

STRONG_INCIDENT = (
    "작년 결제 서비스에서 주문 API의 응답 시간이 갑자기 늘어나는 장애가 있었습니다. 당시 저는 온콜 담당으로 원인을 찾는 "
    "역할을 맡았습니다. 먼저 Grafana 지표에서 p99 지연이 DB 커넥션 대기와 함께 오른 것을 확인했고, 슬로우 쿼리 로그를 "
    "분석해 인덱스를 타지 않는 조회 쿼리를 찾았습니다. 복합 인덱스를 추가하는 방법과 캐시를 두는 방법을 비교했는데, "
    "캐시는 정합성 부담이 커서 인덱스를 선택했습니다. 그 결과 p99 응답 시간이 800ms에서 120ms로 줄었고, 같은 유형의 "
    "장애를 막기 위해 슬로우 쿼리 알림도 도입했습니다."
)
VAGUE_INCIDENT = (
    "장애가 나면 로그랑 지표를 꼼꼼하게 보는 게 중요하다고 생각합니다. 팀원들과 소통하면서 원인을 빨리 찾고 최선을 다해 "
    "해결하려고 노력하는 편입니다."
)
OFF_TOPIC = (
    "저는 주말마다 등산을 하는데요. 지난달에는 친구들과 지리산 종주를 했습니다. 힘들었지만 정상에서 본 풍경이 정말 "
    "아름다웠고, 체력을 기르는 데 큰 도움이 되었습니다."
)

# The same frontend story with and without numbers, reasons and trade-offs.
FE_PLAIN = (
    "지난 쇼핑몰 프로젝트에서 메인 페이지가 느리다는 피드백을 받았습니다. 저는 Lighthouse로 성능을 측정했고, 메인 번들에 "
    "포함된 차트 라이브러리를 코드 스플리팅으로 분리했습니다. 이미지도 WebP로 바꿨고 로딩 속도가 개선되었습니다."
)
FE_WITH_NUMBERS = (
    "지난 쇼핑몰 프로젝트에서 메인 페이지가 느리다는 피드백을 받았습니다. 저는 Lighthouse로 성능을 측정했고, 메인 번들에 "
    "포함된 차트 라이브러리를 코드 스플리팅으로 분리했습니다. 이미지도 WebP로 바꿨고 그 결과 번들 크기가 40% 줄고 LCP가 "
    "4.2초에서 1.8초로 개선되었습니다."
)
FE_WITH_REASONS = (
    "지난 쇼핑몰 프로젝트에서 메인 페이지가 느리다는 피드백을 받았습니다. 저는 Lighthouse로 성능을 측정했고, 메인 번들에 "
    "포함된 차트 라이브러리를 코드 스플리팅으로 분리했습니다. 차트는 첫 화면에 보이지 않기 때문에 나중에 불러와도 된다고 "
    "판단했습니다. 서버 사이드 렌더링도 검토했지만 도입 비용이 커서 대신 지연 로딩을 선택했습니다. 이미지도 WebP로 "
    "바꿨고 로딩 속도가 개선되었습니다."
)
FE_WITH_FILLERS = (
    "음 지난 쇼핑몰 프로젝트에서 어 메인 페이지가 그냥 느리다는 피드백을 받았습니다. 저는 음 뭔가 Lighthouse로 약간 "
    "성능을 측정했고, 어 메인 번들에 포함된 차트 라이브러리를 그냥 코드 스플리팅으로 분리했습니다. 음 이미지도 막 WebP로 "
    "바꿨고 어 로딩 속도가 그냥 개선되었습니다."
)
FE_RUN_ON = (
    "지난 쇼핑몰 프로젝트에서 메인 페이지가 느리다는 피드백을 받았는데 그래서 저는 Lighthouse로 성능을 측정했고 측정해 "
    "보니까 메인 번들에 차트 라이브러리가 포함되어 있어서 그걸 코드 스플리팅으로 분리했고 그러고 나서 이미지도 WebP로 "
    "바꿨고 그랬더니 로딩 속도가 개선되었고 팀원들도 좋아했고 그 뒤로 다른 페이지에도 비슷하게 적용하려고 했고 그렇게 "
    "계속 진행하다 보니 전반적으로 페이지들이 빨라졌고 사용자 반응도 좋아졌고 저도 많이 배웠습니다"
)

PM_STRONG = (
    "이전 회사에서 장바구니 이탈이 높다는 문제가 있었습니다. 제가 맡은 목표는 결제 전환율을 높이는 것이었습니다. 사용자 "
    "인터뷰 12건을 진행해 배송비를 늦게 알게 되는 게 원인이라는 가설을 세웠고, 배송비를 상품 페이지에 미리 보여 주는 "
    "기능을 기획했습니다. A/B 테스트로 2주간 측정했는데, 전환율이 3.1%에서 4.0%로 올랐고 이탈률은 18% 감소했습니다."
)
PM_NO_NUMBERS = (
    "이전 회사에서 장바구니 이탈이 높다는 문제가 있었습니다. 제가 맡은 목표는 결제 전환율을 높이는 것이었습니다. 사용자 "
    "인터뷰를 진행해 배송비를 늦게 알게 되는 게 원인이라는 가설을 세웠고, 배송비를 상품 페이지에 미리 보여 주는 기능을 "
    "기획했습니다. 출시 후 전환율이 올랐고 이탈도 줄었습니다."
)
CONFLICT = (
    "이전 프로젝트에서 API 명세를 두고 프론트엔드 개발자와 의견이 달랐습니다. 저는 먼저 서로의 요구사항을 표로 정리했고, "
    "응답 구조를 바꾸면 프론트 작업이 줄어든다는 점을 확인했습니다. 그래서 제가 백엔드 응답을 조정하는 대신 일정은 하루 "
    "늘리는 것으로 합의했습니다. 이후로는 명세 리뷰를 미리 하는 규칙을 만들었습니다."
)
TRAFFIC_PLAN = (
    "가장 먼저 병목이 될 곳은 데이터베이스라고 봅니다. 왜냐하면 애플리케이션 서버는 오토스케일로 늘릴 수 있지만 DB는 쓰기 "
    "처리량을 쉽게 늘릴 수 없기 때문입니다. 먼저 읽기 요청은 Redis 캐시와 읽기 레플리카로 분산하겠습니다. 다음으로 쓰기는 "
    "Kafka 같은 큐에 넣어 비동기로 처리하겠습니다. 다만 캐시는 정합성 문제가 생길 수 있어서 TTL을 짧게 두고, 결제처럼 "
    "정합성이 중요한 경로는 캐시하지 않겠습니다."
)

HANGUL = re.compile(r"[가-힣]")


def dims(evaluation: Evaluation) -> dict[str, int]:
    return evaluation.rubric.model_dump()


# --- ordering and extremes -------------------------------------------------------------------


def test_evaluate_orders_strong_vague_off_topic_empty_by_clear_margins() -> None:
    strong = evaluate_locally(Q_INCIDENT, STRONG_INCIDENT, BACKEND).score
    vague = evaluate_locally(Q_INCIDENT, VAGUE_INCIDENT, BACKEND).score
    off_topic = evaluate_locally(Q_INCIDENT, OFF_TOPIC, BACKEND).score
    empty = evaluate_locally(Q_INCIDENT, "", BACKEND).score

    assert strong - vague >= 30
    assert vague - off_topic >= 10
    # Fluent sentences about something else still say more than nothing, but little for this question.
    assert empty < off_topic <= 20


@pytest.mark.parametrize(
    ("question", "answer", "position"),
    [
        (Q_INCIDENT, STRONG_INCIDENT, BACKEND),
        (Q_PM_IMPACT, PM_STRONG, PM),
        (Q_TRAFFIC, TRAFFIC_PLAN, BACKEND),
    ],
)
def test_evaluate_strong_answer_scores_high(question: str, answer: str, position: str) -> None:
    evaluation = evaluate_locally(question, answer, position)

    assert evaluation.score >= 75
    assert evaluation.rubric.relevance >= 70
    assert evaluation.rubric.specificity >= 70


@pytest.mark.parametrize("answer", ["", "   ", "네", "로그", "인덱스", "모르겠습니다"])
def test_evaluate_empty_or_one_word_answer_scores_low_everywhere(answer: str) -> None:
    evaluation = evaluate_locally(Q_INCIDENT, answer, BACKEND)

    assert evaluation.score < 20
    assert all(value < 20 for value in dims(evaluation).values()), dims(evaluation)


@pytest.mark.parametrize(
    "answer", ["잘 모르겠습니다.", "생각해 본 적 없습니다.", "그건 해 본 적이 없어서 잘 모르겠어요."]
)
def test_evaluate_evasive_answer_has_low_relevance(answer: str) -> None:
    evaluation = evaluate_locally(Q_INCIDENT, answer, BACKEND)

    assert evaluation.rubric.relevance < 20
    assert evaluation.score < 20


def test_evaluate_attempt_after_admitting_ignorance_keeps_partial_credit() -> None:
    question = "트랜잭션 격리 수준 때문에 문제가 생긴 적이 있나요? 있었다면 어떻게 해결하셨나요?"
    attempt = (
        "격리 수준 때문에 문제를 겪어 본 적은 없어서 잘 모르겠습니다. 다만 제가 아는 범위에서는 먼저 어떤 이상 현상이 "
        "생겼는지 확인하고, 갱신 손실이라면 SELECT FOR UPDATE로 행 락을 걸거나 낙관적 락을 쓰겠습니다. 격리 수준을 "
        "SERIALIZABLE로 올리는 방법도 있지만 처리량이 떨어지기 때문에 마지막 수단으로 생각합니다."
    )

    bare = evaluate_locally(question, "잘 모르겠습니다.", BACKEND)
    evaluation = evaluate_locally(question, attempt, BACKEND)

    assert evaluation.score >= bare.score + 40
    assert evaluation.rubric.depth >= 50
    assert any("모르겠다" in text for text in evaluation.improvements)


def test_evaluate_not_knowing_inside_a_story_is_not_evasive() -> None:
    story = (
        "작년 결제 서비스에서 응답이 느려지는 장애가 있었습니다. 처음에는 원인을 잘 모르겠어서 Grafana 지표부터 "
        "확인했습니다. 저는 슬로우 쿼리 로그를 분석해 인덱스 누락을 찾았고 인덱스를 추가했습니다. 그 결과 응답 시간이 "
        "60% 줄었습니다."
    )

    evaluation = evaluate_locally(Q_INCIDENT, story, BACKEND)

    assert evaluation.rubric.relevance >= 80
    assert not any("모르" in text for text in [*evaluation.strengths, *evaluation.improvements, evaluation.summary])


# --- each dimension answers to its own signal ------------------------------------------------


def test_specificity_rises_when_numbers_are_added() -> None:
    plain = evaluate_locally(Q_SLOW_PAGE, FE_PLAIN, FRONTEND)
    with_numbers = evaluate_locally(Q_SLOW_PAGE, FE_WITH_NUMBERS, FRONTEND)

    assert with_numbers.rubric.specificity >= plain.rubric.specificity + 15
    assert with_numbers.score > plain.score


def test_specificity_rises_with_metrics_in_pm_answer() -> None:
    without = evaluate_locally(Q_PM_IMPACT, PM_NO_NUMBERS, PM)
    with_metrics = evaluate_locally(Q_PM_IMPACT, PM_STRONG, PM)

    assert with_metrics.rubric.specificity >= without.rubric.specificity + 15


def test_specificity_falls_without_first_person_actions() -> None:
    observer = (
        "지난 쇼핑몰 프로젝트에서 메인 페이지가 느리다는 피드백이 있었습니다. 팀에서 성능 문제를 논의했고 여러 의견이 "
        "나왔습니다. 결국 로딩 속도가 좋아졌습니다."
    )

    actor = evaluate_locally(Q_SLOW_PAGE, FE_PLAIN, FRONTEND)
    bystander = evaluate_locally(Q_SLOW_PAGE, observer, FRONTEND)

    assert actor.rubric.specificity >= bystander.rubric.specificity + 20
    assert any("본인이 직접 한" in text for text in bystander.improvements)


def test_depth_rises_when_reasons_and_trade_offs_are_added() -> None:
    plain = evaluate_locally(Q_SLOW_PAGE, FE_PLAIN, FRONTEND)
    reasoned = evaluate_locally(Q_SLOW_PAGE, FE_WITH_REASONS, FRONTEND)

    assert reasoned.rubric.depth >= plain.rubric.depth + 20
    assert any("이유" in text for text in reasoned.strengths)
    assert any("이유" in text for text in plain.improvements)


def test_clarity_drops_with_fillers() -> None:
    clean = evaluate_locally(Q_SLOW_PAGE, FE_PLAIN, FRONTEND)
    filled = evaluate_locally(Q_SLOW_PAGE, FE_WITH_FILLERS, FRONTEND)

    assert filled.rubric.clarity <= clean.rubric.clarity - 20
    filler_advice = [text for text in filled.improvements if "군말" in text]
    assert filler_advice
    assert "‘음’" in filler_advice[0]


def test_clarity_drops_for_one_endless_run_on_sentence() -> None:
    clean = evaluate_locally(Q_SLOW_PAGE, FE_PLAIN, FRONTEND)
    run_on = evaluate_locally(Q_SLOW_PAGE, FE_RUN_ON, FRONTEND)

    assert run_on.rubric.clarity <= clean.rubric.clarity - 25
    assert any("어절로 너무 깁니다" in text for text in run_on.improvements)


def test_clarity_drops_for_repetition() -> None:
    repetitive = "로그를 봤습니다. 로그를 봤습니다. 로그를 봤습니다. 로그를 봤습니다. 로그를 봤습니다. 로그를 봤습니다."

    evaluation = evaluate_locally(Q_INCIDENT, repetitive, BACKEND)

    assert evaluation.rubric.clarity < 75
    assert any("반복" in text for text in evaluation.improvements)


def test_relevance_drops_when_answer_is_about_another_topic() -> None:
    on_topic = evaluate_locally(Q_SLOW_PAGE, FE_WITH_NUMBERS, FRONTEND)
    other_question = evaluate_locally(Q_CONFLICT, FE_WITH_NUMBERS, FRONTEND)
    hobby = evaluate_locally(Q_SLOW_PAGE, OFF_TOPIC, FRONTEND)

    assert on_topic.rubric.relevance >= 70
    assert other_question.rubric.relevance <= on_topic.rubric.relevance - 25
    assert hobby.rubric.relevance < 40


def test_relevance_recognises_paraphrase_of_question_terms() -> None:
    # "갈등" never appears: "의견이 달랐습니다", "합의했습니다" say it in other words.
    evaluation = evaluate_locally(Q_CONFLICT, CONFLICT, BACKEND)

    assert evaluation.rubric.relevance >= 65
    assert evaluation.score >= 65


def test_off_topic_polished_story_is_capped_by_relevance_gate() -> None:
    story = (
        "작년 동아리에서 제가 회계 담당을 맡았습니다. 저는 엑셀 장부를 정리하고 회비 납부 규칙을 만들었습니다. 그 결과 "
        "미납 인원이 12명에서 3명으로 줄었습니다."
    )

    evaluation = evaluate_locally(Q_TRAFFIC, story, BACKEND)

    assert evaluation.rubric.relevance < RELEVANCE_GATE
    assert evaluation.score < 45


# --- feedback --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "answer", "position"),
    [
        (Q_INCIDENT, STRONG_INCIDENT, BACKEND),
        (Q_INCIDENT, VAGUE_INCIDENT, BACKEND),
        (Q_INCIDENT, OFF_TOPIC, BACKEND),
        (Q_INCIDENT, "", BACKEND),
        (Q_INCIDENT, "잘 모르겠습니다.", BACKEND),
        (Q_SLOW_PAGE, FE_RUN_ON, FRONTEND),
        (Q_PM_IMPACT, PM_STRONG, PM),
        (Q_CONFLICT, CONFLICT, BACKEND),
    ],
)
def test_feedback_is_korean_and_never_empty(question: str, answer: str, position: str) -> None:
    evaluation = evaluate_locally(question, answer, position)

    assert 1 <= len(evaluation.strengths) <= 3
    assert 1 <= len(evaluation.improvements) <= 3
    for text in [*evaluation.strengths, *evaluation.improvements, evaluation.summary]:
        assert text.strip()
        assert HANGUL.search(text), text
    assert len(evaluation.strengths) == len(set(evaluation.strengths))
    assert len(evaluation.improvements) == len(set(evaluation.improvements))
    assert 1 <= len(split_sentences(evaluation.summary)) <= 2


def test_feedback_quotes_the_detected_metric() -> None:
    evaluation = evaluate_locally(Q_SLOW_PAGE, FE_WITH_NUMBERS, FRONTEND)

    assert any("40%" in text or "4.2초" in text for text in evaluation.strengths), evaluation.strengths


def test_feedback_quotes_a_before_and_after_metric() -> None:
    evaluation = evaluate_locally(Q_INCIDENT, STRONG_INCIDENT, BACKEND)

    assert evaluation.strengths[0] == "구체적인 수치(800ms → 120ms)로 결과를 보여 주었습니다."


def test_feedback_asks_for_numbers_with_position_examples_when_missing() -> None:
    evaluation = evaluate_locally(Q_PM_IMPACT, PM_NO_NUMBERS, PM)

    assert any("수치" in text and "전환율" in text for text in evaluation.improvements)


def test_feedback_names_vague_stock_phrases() -> None:
    evaluation = evaluate_locally(Q_INCIDENT, VAGUE_INCIDENT, BACKEND)

    assert any("꼼꼼하게" in text for text in evaluation.improvements)
    assert any("본인이 직접 한 행동" in text for text in evaluation.improvements)


def test_feedback_credits_an_honest_dont_know_without_inventing_merit() -> None:
    evaluation = evaluate_locally(Q_INCIDENT, "잘 모르겠습니다.", BACKEND)

    assert evaluation.strengths == [HONEST_ADMISSION]
    assert any("아는 범위" in text for text in evaluation.improvements)
    assert "모른다고" in evaluation.summary


def test_feedback_for_off_topic_answer_points_back_to_the_question() -> None:
    evaluation = evaluate_locally(Q_INCIDENT, OFF_TOPIC, BACKEND)

    assert not any("질문의 핵심" in text and "직접 답했습니다" in text for text in evaluation.strengths)
    assert "질문의 핵심" in evaluation.improvements[0]
    assert "다른 내용" in evaluation.summary


# --- contract --------------------------------------------------------------------------------


def test_evaluate_is_deterministic() -> None:
    first = evaluate_locally(Q_INCIDENT, STRONG_INCIDENT, BACKEND)
    second = evaluate_locally(Q_INCIDENT, STRONG_INCIDENT, BACKEND)

    assert first == second
    assert first.model_dump_json() == second.model_dump_json()


@pytest.mark.parametrize("answer", [STRONG_INCIDENT, VAGUE_INCIDENT, OFF_TOPIC, "", "잘 모르겠습니다."])
def test_evaluate_output_round_trips_as_evaluation(answer: str) -> None:
    evaluation = evaluate_locally(Q_INCIDENT, answer, BACKEND)

    assert evaluation.source == "local"
    assert Evaluation.model_validate(evaluation.model_dump()) == evaluation
    assert Evaluation.model_validate_json(evaluation.model_dump_json()) == evaluation


def test_combine_weights_sum_to_one_and_gate_low_relevance() -> None:
    assert sum(WEIGHTS.values()) == pytest.approx(1.0)
    assert combine(RubricScores(relevance=100, specificity=100, clarity=100, depth=100)) == 100
    on_topic = combine(RubricScores(relevance=60, specificity=80, clarity=80, depth=80))
    off_topic = combine(RubricScores(relevance=20, specificity=80, clarity=80, depth=80))
    assert off_topic < on_topic * 0.7


def test_unpunctuated_transcript_scores_like_the_written_answer() -> None:
    transcript = re.sub(r"[.,]", "", STRONG_INCIDENT)

    written = evaluate_locally(Q_INCIDENT, STRONG_INCIDENT, BACKEND)
    spoken = evaluate_locally(Q_INCIDENT, transcript, BACKEND)

    assert len(split_sentences(transcript)) >= 4
    assert abs(written.score - spoken.score) <= 8


def test_key_terms_strip_particles_and_question_framing() -> None:
    assert key_terms(Q_INCIDENT) == ["장애", "로그", "지표", "원인"]
    assert key_terms(Q_ACCESSIBILITY)[:2] == ["접근성", "UI"]
