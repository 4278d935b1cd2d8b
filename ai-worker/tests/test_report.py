"""The session report: scores over asked questions, rubric means, feedback aggregation, recommendation."""

from __future__ import annotations

import pytest

from ai_worker.evaluation.report import MAX_FEEDBACK, build_report, recommendation_for
from ai_worker.evaluation.rubric import HONEST_ADMISSION, evaluate_locally
from interview_common.results import Evaluation, Recommendation, RubricScores, SessionReport

POSITION = "백엔드 개발자"

Q1 = "지금까지 설계하거나 운영한 서버 시스템 중 가장 기억에 남는 것을 소개하고, 그 구조를 그렇게 정한 이유를 설명해 주시겠어요?"
Q2 = "장애가 났을 때 로그와 지표만으로 원인을 좁혀 간 과정을 구체적인 사례로 설명해 주시겠어요?"
Q3 = "트랜잭션 격리 수준 때문에 문제가 생긴 적이 있나요? 있었다면 어떻게 해결하셨나요?"
Q4 = "API를 설계할 때 버전 관리와 하위 호환성은 어떤 원칙으로 다루시나요?"

A1 = (
    "이전 회사에서 주문 처리 서버를 설계했습니다. 주문량이 하루 50만 건까지 늘면서 동기 처리로는 결제 지연이 생겼기 "
    "때문에, 저는 주문 접수와 결제 처리를 Kafka 큐로 분리하는 구조를 제안했습니다. 마이크로서비스로 완전히 쪼개는 "
    "방안도 검토했지만 운영 부담이 커서 모듈 두 개로만 나눴습니다. 그 결과 주문 API의 p95 응답 시간이 1.2초에서 "
    "300ms로 줄었습니다."
)
A2 = (
    "작년 결제 서비스에서 응답 시간이 늘어나는 장애가 있었습니다. 당시 저는 온콜 담당이었습니다. 먼저 Grafana 지표에서 "
    "DB 커넥션 대기가 늘어난 것을 확인했고, 슬로우 쿼리 로그를 분석해 인덱스를 타지 않는 쿼리를 찾았습니다. 캐시 대신 "
    "인덱스를 선택했는데 정합성 부담이 적기 때문입니다. 그 결과 응답 시간이 40% 줄었습니다."
)
A_VAGUE = "API는 하위 호환성을 지키는 게 중요하다고 생각합니다. 팀과 잘 소통하면서 열심히 관리하는 편입니다."


def evaluation(score: int, strengths: list[str], improvements: list[str], **rubric: int) -> Evaluation:
    values = {"relevance": score, "specificity": score, "clarity": score, "depth": score, **rubric}
    return Evaluation(
        score=score,
        rubric=RubricScores(**values),
        strengths=strengths,
        improvements=improvements,
        summary=f"{score}점짜리 답변입니다.",
    )


def plain(score: int, **rubric: int) -> Evaluation:
    return evaluation(score, ["질문에 직접 답했습니다."], ["이유를 함께 말해 보세요."], **rubric)


def realistic_items() -> list[tuple[int, str, str | None, Evaluation | None]]:
    return [
        (1, Q1, A1, evaluate_locally(Q1, A1, POSITION)),
        (2, Q2, A2, evaluate_locally(Q2, A2, POSITION)),
        (3, Q3, None, None),
        (4, Q4, A_VAGUE, evaluate_locally(Q4, A_VAGUE, POSITION)),
    ]


# --- scores --------------------------------------------------------------------------------


def test_build_report_overall_counts_unanswered_questions_as_zero() -> None:
    items = [(1, Q1, "답변", plain(90)), (2, Q2, "답변", plain(70)), (3, Q3, None, None)]

    report = build_report(POSITION, items)

    assert report.overall_score == 53  # (90 + 70 + 0) / 3 = 53.3
    assert report.asked == 3
    assert report.answered == 2


def test_build_report_rubric_is_mean_over_answered_questions_only() -> None:
    items = [
        (1, Q1, "답변", plain(80, relevance=90, specificity=70, clarity=60, depth=51)),
        (2, Q2, "답변", plain(60, relevance=70, specificity=50, clarity=80, depth=50)),
        (3, Q3, None, None),
    ]

    report = build_report(POSITION, items)

    # depth (51 + 50) / 2 = 50.5 rounds half up.
    assert report.rubric == RubricScores(relevance=80, specificity=60, clarity=70, depth=51)


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (100, Recommendation.STRONG_HIRE),
        (80, Recommendation.STRONG_HIRE),
        (79, Recommendation.HIRE),
        (65, Recommendation.HIRE),
        (64, Recommendation.HOLD),
        (45, Recommendation.HOLD),
        (44, Recommendation.NO_HIRE),
        (0, Recommendation.NO_HIRE),
    ],
)
def test_build_report_recommendation_follows_thresholds(score: int, expected: Recommendation) -> None:
    report = build_report(POSITION, [(1, Q1, "답변", plain(score))])

    assert recommendation_for(score) is expected
    assert report.recommendation is expected


def test_build_report_skipping_lowers_the_recommendation() -> None:
    answered_all = build_report(POSITION, [(1, Q1, "답변", plain(85)), (2, Q2, "답변", plain(85))])
    skipped_one = build_report(POSITION, [(1, Q1, "답변", plain(85)), (2, Q2, None, None)])

    assert answered_all.recommendation is Recommendation.STRONG_HIRE
    assert skipped_one.overall_score == 43
    assert skipped_one.recommendation is Recommendation.NO_HIRE


# --- recommendation reason -------------------------------------------------------------------


def test_build_report_reason_names_score_strongest_and_weakest_dimension() -> None:
    items = [(1, Q1, "답변", plain(70, relevance=90, specificity=60, clarity=75, depth=40))]

    reason = build_report(POSITION, items).recommendation_reason

    assert "종합 70점" in reason
    assert "채용 추천" in reason
    assert "질문 적합성(90점)" in reason
    assert "깊이(40점)" in reason
    assert reason.index("질문 적합성") < reason.index("깊이")


def test_build_report_reason_explains_unanswered_count_as_zero() -> None:
    report = build_report(POSITION, realistic_items())

    assert "3번" in report.recommendation_reason
    assert "0점" in report.recommendation_reason
    assert "질문 4개 중 3개" in report.recommendation_reason


def test_build_report_reason_without_unanswered_does_not_mention_zero() -> None:
    report = build_report(POSITION, [(1, Q1, "답변", plain(70)), (2, Q2, "답변", plain(60))])

    assert "0점으로" not in report.recommendation_reason
    assert "네 평가 항목이 모두" in report.recommendation_reason


# --- items and unanswered handling -----------------------------------------------------------


def test_build_report_items_keep_every_asked_question_in_order() -> None:
    items = realistic_items()

    report = build_report(POSITION, list(reversed(items)))

    assert [item.order for item in report.items] == [1, 2, 3, 4]
    unanswered = report.items[2]
    assert (unanswered.answer, unanswered.score, unanswered.summary) == (None, None, None)
    assert report.items[0].score == items[0][3].score
    assert report.items[0].summary == items[0][3].summary


def test_build_report_scores_an_answer_that_arrived_without_evaluation() -> None:
    report = build_report(POSITION, [(1, Q2, A2, None), (2, Q1, "   ", None)])

    assert report.answered == 1
    assert report.items[0].score == evaluate_locally(Q2, A2, POSITION).score
    assert report.items[1].score is None


@pytest.mark.parametrize(
    "items",
    [
        [],
        [(1, Q1, None, None)],
        [(1, Q1, None, None), (2, Q2, "", None), (3, Q3, "  \n", None)],
    ],
)
def test_build_report_raises_when_nothing_was_answered(items: list) -> None:
    with pytest.raises(ValueError, match="no answered questions"):
        build_report(POSITION, items)


# --- feedback aggregation --------------------------------------------------------------------


def test_build_report_orders_feedback_by_frequency_and_deduplicates() -> None:
    items = [
        (1, Q1, "답변", evaluation(80, ["강점 A입니다.", "강점 B입니다."], ["보완 X입니다."])),
        (2, Q2, "답변", evaluation(70, ["강점 B입니다.", "강점 C입니다."], ["보완 Y입니다.", "보완 X입니다."])),
        (3, Q3, "답변", evaluation(60, ["강점 B입니다."], ["보완 X입니다.", "보완 Z입니다."])),
    ]

    report = build_report(POSITION, items)

    assert report.strengths[0] == "강점 B입니다. (답변 3개)"
    assert report.strengths[1:] == ["강점 A입니다.", "강점 C입니다."]
    assert report.improvements[0] == "보완 X입니다. (답변 3개)"
    assert len(report.improvements) == len(set(report.improvements)) == 3


def test_build_report_merges_quoted_details_of_the_same_point() -> None:
    items = [
        (1, Q1, "답변", evaluation(80, ["구체적인 수치(40%)로 결과를 보여 주었습니다."], ["이유를 말해 보세요."])),
        (2, Q2, "답변", evaluation(75, ["구체적인 수치(3배)로 결과를 보여 주었습니다."], ["이유를 말해 보세요."])),
    ]

    report = build_report(POSITION, items)

    assert report.strengths == ["구체적인 수치(40%, 3배)로 결과를 보여 주었습니다. (답변 2개)"]


def test_build_report_caps_feedback_at_five() -> None:
    items = [
        (n, f"질문 {n}", "답변", evaluation(70, [f"강점 {n}-{k}입니다." for k in range(3)], [f"보완 {n}입니다."]))
        for n in range(1, 5)
    ]

    report = build_report(POSITION, items)

    assert len(report.strengths) == MAX_FEEDBACK
    assert len(report.improvements) == 4


def test_build_report_drops_the_honest_admission_strength_when_real_ones_exist() -> None:
    items = [
        (1, Q1, A1, evaluate_locally(Q1, A1, POSITION)),
        (2, Q3, "잘 모르겠습니다.", evaluate_locally(Q3, "잘 모르겠습니다.", POSITION)),
    ]

    report = build_report(POSITION, items)

    assert HONEST_ADMISSION not in report.strengths
    assert report.strengths


def test_build_report_keeps_the_honest_admission_strength_when_it_is_all_there_is() -> None:
    items = [(1, Q3, "잘 모르겠습니다.", evaluate_locally(Q3, "잘 모르겠습니다.", POSITION))]

    report = build_report(POSITION, items)

    assert report.strengths == [HONEST_ADMISSION]
    assert report.recommendation is Recommendation.NO_HIRE


def test_build_report_lists_unanswered_questions_first_among_improvements() -> None:
    report = build_report(POSITION, realistic_items())

    assert report.improvements[0].startswith("답하지 않은 질문이 1개 있습니다(3번)")
    assert len(report.improvements) <= MAX_FEEDBACK


def test_build_report_realistic_session_ranks_answers_and_quotes_metrics() -> None:
    report = build_report(POSITION, realistic_items())

    scores = {item.order: item.score for item in report.items}
    assert scores[1] >= 75
    assert scores[2] >= 75
    assert scores[4] < 45
    assert any("300ms" in text or "40%" in text for text in report.strengths)
    assert "4번 질문" in report.recommendation_reason  # the weakest answer


# --- contract --------------------------------------------------------------------------------


def test_build_report_is_identical_for_identical_inputs() -> None:
    first = build_report(POSITION, realistic_items())
    second = build_report(POSITION, realistic_items())

    assert first == second
    assert first.model_dump_json() == second.model_dump_json()


def test_build_report_output_round_trips_as_session_report() -> None:
    report = build_report(POSITION, realistic_items())

    assert SessionReport.model_validate(report.model_dump()) == report
    assert SessionReport.model_validate_json(report.model_dump_json()) == report
