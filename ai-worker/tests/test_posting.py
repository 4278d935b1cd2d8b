"""The job posting's requirements, retrieved for the competency about to be asked.

Two postings for the same job family and competency ("성능") that stress different things must lead the
local planner to different bank questions, and a language model must see the requirement the
competency is about, not only the posting's first lines.
"""

from __future__ import annotations

from ai_worker.llm.prompts import question_messages
from ai_worker.questions.context import QA, QuestionContext
from ai_worker.questions.planner import next_competency, plan_next_question, posting_focus
from ai_worker.questions.posting import closest_requirements, competency_query, posting_passages
from interview_common.positions.bank import bank_for
from interview_common.positions.families import Family

INTRO = (
    "[회사 소개]\n"
    "우리 회사는 여행 예약 플랫폼을 운영합니다. 하루 수백만 명의 사용자가 숙소와 항공권을 검색하고 예약합니다. "
    "고객 경험을 가장 중요하게 생각하며, 작은 팀이 빠르게 실험하고 배포하는 문화를 갖고 있습니다. "
    "이번에 결제와 예약을 맡을 백엔드 개발자를 모십니다.\n"
)
DB_POSTING = INTRO + (
    "주요 업무\n"
    "- 예약 도메인 API 설계와 운영\n"
    "- 다른 팀과 API 명세 협의\n"
    "자격 요건:\n"
    "- 느린 데이터베이스 쿼리의 실행 계획을 분석하고 인덱스와 쿼리 구조를 개선한 경험\n"
    "- 인증과 권한 처리에 대한 이해\n"
)
API_POSTING = INTRO + (
    "주요 업무\n"
    "- 예약 도메인 API 설계와 운영\n"
    "- 다른 팀과 API 명세 협의\n"
    "자격 요건:\n"
    "- 느린 API의 병목을 측정해서 찾고 응답 속도를 개선한 경험\n"
    "- 인증과 권한 처리에 대한 이해\n"
)
PERFORMANCE = [q.text for q in bank_for(Family.BACKEND) if q.competency == "성능"]


def job_context(description: str, order: int = 2, history: tuple[QA, ...] = ()) -> QuestionContext:
    if not history:
        history = (QA(1, "자기소개 부탁드립니다.", "네."),)
    return QuestionContext(
        position="백엔드 개발자",
        order=order,
        total=5,
        history=history,
        job_family=Family.BACKEND,
        competencies=("성능", "보안"),
        job_description=description,
    )


def test_postings_split_into_headed_requirements() -> None:
    passages = posting_passages(DB_POSTING)
    assert "자격 요건: 인증과 권한 처리에 대한 이해" in passages
    assert "주요 업무: 다른 팀과 API 명세 협의" in passages
    # The long introduction is read sentence by sentence, each under its heading.
    assert "회사 소개: 이번에 결제와 예약을 맡을 백엔드 개발자를 모십니다." in passages
    # Headings are not passages of their own.
    assert not {"주요 업무", "자격 요건:", "[회사 소개]"} & set(passages)


def test_the_requirement_closest_to_a_competency_is_retrieved() -> None:
    performance = closest_requirements(DB_POSTING, competency_query(Family.BACKEND, "성능"), limit=1)
    security = closest_requirements(DB_POSTING, competency_query(Family.BACKEND, "보안"), limit=1)
    assert performance == ["자격 요건: 느린 데이터베이스 쿼리의 실행 계획을 분석하고 인덱스와 쿼리 구조를 개선한 경험"]
    assert security == ["자격 요건: 인증과 권한 처리에 대한 이해"]
    assert closest_requirements("", "성능") == []


def test_the_planner_asks_what_the_posting_asks_of_the_competency() -> None:
    # Same family, same competency, same session: only the posting's requirement differs.
    db_question = plan_next_question(job_context(DB_POSTING))
    api_question = plan_next_question(job_context(API_POSTING))
    assert db_question.competency == api_question.competency == "성능"
    assert db_question.text != api_question.text
    assert {db_question.text, api_question.text} == set(PERFORMANCE)
    assert "실행 계획" in db_question.text
    assert "API" in api_question.text


def test_a_language_model_sees_the_requirement_of_the_next_competency() -> None:
    # A long introduction pushes the requirement past the 600 characters of posting the prompt quotes.
    ctx = job_context(INTRO * 3 + DB_POSTING)
    competency = next_competency(ctx)
    assert competency == "성능"
    _, user = question_messages(ctx, None, (competency, posting_focus(ctx, competency)))
    lines = user.split("\n")
    quoted_posting = next(line for line in lines if line.startswith("채용 공고:"))
    assert "실행 계획" not in quoted_posting
    requirement = next(line for line in lines if line.startswith("채용 공고 중"))
    assert "(성능)" in requirement
    assert "실행 계획을 분석하고 인덱스와 쿼리 구조를 개선한 경험" in requirement


def test_the_next_competency_moves_on_once_covered() -> None:
    covered = (
        QA(1, "자기소개 부탁드립니다.", "네."),
        QA(2, PERFORMANCE[0], "네.", competency="성능"),
    )
    assert next_competency(job_context(DB_POSTING, order=3, history=covered)) == "보안"
    # Neither the opener nor the closing is about a competency.
    assert next_competency(job_context(DB_POSTING, order=1, history=())) is None
    assert next_competency(job_context(DB_POSTING, order=5)) is None


def test_lines_far_behind_the_best_are_not_retrieved() -> None:
    # The introduction shares only filler ("경험") with the security questions: the model is not shown it.
    assert closest_requirements(DB_POSTING, competency_query(Family.BACKEND, "보안")) == [
        "자격 요건: 인증과 권한 처리에 대한 이해"
    ]
