"""The offline question planner and its bank, on the real kiwipiepy model and the hashing embedding."""

from __future__ import annotations

import itertools

import pytest

from ai_worker.questions.context import QA, PlannedQuestion, QuestionContext, QuestionKind
from ai_worker.questions.extract import extract_question, hangul_share
from ai_worker.questions.fallback import FALLBACK_POOL
from ai_worker.questions.korean import key_terms
from ai_worker.questions.planner import (
    FOLLOW_UP_TEMPLATES,
    FollowUpType,
    is_follow_up,
    is_substantive,
    plan_next_question,
    render_follow_up,
)
from interview_common.embeddings import cosine, embed, similarity
from interview_common.positions.bank import CLOSING_QUESTIONS, COMPETENCY_BANK, FAMILY_LABEL, OPENERS
from interview_common.positions.families import Family

POSITIONS: dict[Family, str] = {
    Family.BACKEND: "백엔드 개발자",
    Family.FRONTEND: "프론트엔드 개발자",
    Family.DATA_ML: "데이터 사이언티스트",
    Family.MOBILE: "안드로이드 개발자",
    Family.DEVOPS: "DevOps 엔지니어",
    Family.PM: "프로덕트 매니저",
    Family.DESIGN: "UX 디자이너",
    Family.GENERAL: "경영지원 담당자",
}

# Realistic answers for a five-question interview per family: answers 1 and 3 have substance, 2 and 4
# answer follow-ups, the last one closes.
ANSWERS: dict[Family, tuple[str, ...]] = {
    Family.BACKEND: (
        "6년차 서버 개발자입니다. 커머스 회사에서 주문과 결제 시스템을 맡아 왔고, 주로 Spring Boot와 PostgreSQL, "
        "Kafka를 다뤘습니다. 트래픽이 큰 환경에서 안정적인 서버를 만드는 일에 흥미를 느껴 지원했습니다.",
        "저희 팀은 결제 승인 이벤트를 Kafka로 발행하고 정산 서비스가 소비하는 구조를 만들었습니다.",
        "주문 조회 API가 느려서 실행 계획을 확인해 보니 복합 인덱스가 없어 풀 스캔이 일어나고 있었습니다. 제가 "
        "인덱스를 추가하고 N+1 쿼리를 페치 조인으로 바꿨고, 응답 시간이 평균 1.2초에서 180ms로 줄었습니다.",
        "다른 방법으로 캐시도 검토했지만 데이터 신선도 때문에 쿼리 개선을 택했습니다.",
        "대규모 트래픽을 다루는 결제 플랫폼 전문가로 성장하고 싶습니다.",
    ),
    Family.FRONTEND: (
        "React와 TypeScript로 4년째 커머스 웹을 만들고 있습니다. 상품 상세 페이지와 장바구니를 맡았고, 사용자가 "
        "느끼는 속도와 접근성을 개선하는 일에서 가장 보람을 느껴 지원했습니다.",
        "Lighthouse 점수가 52점에서 91점으로 올랐고 LCP가 4.1초에서 1.8초로 줄었습니다.",
        "상품 목록 화면에서 필터를 바꿀 때마다 전체 목록이 다시 그려지는 문제가 있었습니다. 저희 팀은 "
        "React Profiler로 원인을 찾고 상태를 분리해서 리렌더링 범위를 줄였습니다.",
        "제가 상태 구조를 다시 설계하고 메모이제이션 기준을 정리했습니다.",
        "디자인 시스템을 함께 키워 갈 수 있는 팀에서 일하고 싶습니다.",
    ),
    Family.DATA_ML: (
        "통계학을 전공하고 핀테크 회사에서 3년간 이상 거래 탐지 모델을 만들었습니다. 데이터로 실제 손실을 "
        "줄이는 일에 보람을 느껴 데이터 사이언티스트 직무에 지원했습니다.",
        "오탐률이 12%에서 4%로 줄었고 월 손실액이 30% 감소했습니다.",
        "제가 LightGBM 기반 모델에 거래 시간대와 기기 정보를 피처로 추가했고, 재현율이 0.71에서 0.83으로 올랐습니다.",
        "딥러닝 모델도 비교했지만 설명 가능성 때문에 트리 모델을 선택했습니다.",
        "실시간 추천 시스템까지 다뤄 보고 싶습니다.",
    ),
    Family.MOBILE: (
        "Kotlin으로 5년간 안드로이드 앱을 개발했습니다. 배달 앱의 주문 추적 화면과 결제 모듈을 담당했고, 오프라인 "
        "상황에서도 끊기지 않는 앱 경험을 만드는 데 관심이 많아 지원했습니다.",
        "크래시율이 1.2%에서 0.3%로 줄었습니다.",
        "주문 추적 화면에서 위치 갱신 때문에 배터리 소모가 심하다는 리뷰가 많았습니다. 제가 WorkManager로 "
        "갱신 주기를 조절하고 화면이 꺼지면 갱신을 멈추게 바꿨더니 배터리 관련 리뷰가 절반으로 줄었습니다.",
        "포그라운드 서비스도 고려했지만 정책 제약 때문에 WorkManager를 골랐습니다.",
        "멀티 모듈 구조를 경험해 보고 싶습니다.",
    ),
    Family.DEVOPS: (
        "AWS 위에서 쿠버네티스 클러스터를 4년간 운영했습니다. Terraform으로 인프라를 코드화하고 배포 "
        "파이프라인을 만들었으며, 개발자가 안심하고 배포할 수 있는 플랫폼을 만드는 데 관심이 있어 지원했습니다.",
        "배포 시간이 40분에서 8분으로 줄었습니다.",
        "저희 팀은 Argo CD로 GitOps 방식을 도입했고 카나리 배포를 적용했습니다. 그 결과 롤백이 쉬워졌습니다.",
        "제가 카나리 분석 지표와 자동 롤백 조건을 직접 설계했습니다.",
        "플랫폼 엔지니어링 팀을 이끌어 보고 싶습니다.",
    ),
    Family.PM: (
        "B2C 핀테크 앱에서 3년간 프로덕트 매니저로 일했습니다. 송금 기능과 온보딩 흐름을 맡았고, 사용자 데이터를 "
        "근거로 제품을 바꾸는 일이 즐거워 지원했습니다.",
        "온보딩 완료율이 58%에서 74%로 올랐습니다.",
        "송금 화면 이탈률이 높아서 사용자 인터뷰를 해 보니 수수료 안내가 늦게 나오는 것이 문제였습니다. 제가 "
        "안내 위치를 바꾸는 실험을 설계했고 송금 완료율이 9% 올랐습니다.",
        "팝업 안내안도 있었지만 흐름을 끊는다는 판단 때문에 인라인 안내를 선택했습니다.",
        "더 큰 제품 영역을 맡아 보고 싶습니다.",
    ),
    Family.DESIGN: (
        "에이전시와 인하우스에서 5년간 UX 디자인을 했습니다. 최근에는 예약 서비스의 디자인 시스템과 예약 흐름을 "
        "맡았고, 복잡한 과정을 단순하게 만드는 일을 좋아해 지원했습니다.",
        "예약 완료율이 15% 올랐습니다.",
        "예약 흐름이 일곱 단계라 이탈이 많았습니다. 저희 팀은 사용성 테스트를 거쳐 단계를 세 개로 줄였고 "
        "날짜 선택 UI를 바꿨습니다.",
        "제가 사용성 테스트를 설계하고 프로토타입을 만들었습니다.",
        "디자인 리서치를 더 깊이 해 보고 싶습니다.",
    ),
    Family.GENERAL: (
        "회계와 총무 업무를 6년간 맡아 왔습니다. 월 결산 프로세스를 정리하고 전사 비용 관리 체계를 만든 "
        "경험이 있어, 더 큰 조직의 경영지원을 해 보고 싶어 지원했습니다.",
        "결산 기간이 7일에서 4일로 줄었습니다.",
        "여러 부서의 비용 정산이 엑셀로 흩어져 있어서 누락이 잦았습니다. 저희 팀은 정산 양식을 통일하고 "
        "승인 절차를 그룹웨어로 옮겼습니다.",
        "제가 양식 초안을 만들고 부서장들을 설득했습니다.",
        "재무 분석 역량을 더 키우고 싶습니다.",
    ),
}


def ctx(position: str, order: int, total: int = 5, history: tuple[QA, ...] = ()) -> QuestionContext:
    return QuestionContext(position=position, order=order, total=total, history=history)


def simulate(family: Family) -> list[PlannedQuestion]:
    history: list[QA] = []
    planned: list[PlannedQuestion] = []
    for order, answer in enumerate(ANSWERS[family], start=1):
        question = plan_next_question(ctx(POSITIONS[family], order, len(ANSWERS[family]), tuple(history)))
        planned.append(question)
        history.append(QA(order, question.text, answer))
    return planned


def follow_up_type_of(question: PlannedQuestion) -> FollowUpType | None:
    (term,) = question.key_terms
    for kind, templates in FOLLOW_UP_TEMPLATES.items():
        if any(render_follow_up(template, term) == question.text for template in templates):
            return kind
    return None


def after_opener(position: str, answer: str | None) -> PlannedQuestion:
    opener = plan_next_question(ctx(position, 1))
    return plan_next_question(ctx(position, 2, history=(QA(1, opener.text, answer),)))


def after_competency(position: str, answer: str) -> PlannedQuestion:
    first = plan_next_question(ctx(position, 1))
    history = (QA(1, first.text, "네."),)
    second = plan_next_question(ctx(position, 2, history=history))
    assert second.kind is QuestionKind.COMPETENCY
    return plan_next_question(ctx(position, 3, history=(*history, QA(2, second.text, answer))))


# ------------------------------------------------------------------------------------------------------------ opener


@pytest.mark.parametrize("family", list(Family))
def test_plan_opener_names_the_position(family: Family) -> None:
    planned = plan_next_question(ctx(POSITIONS[family], 1))
    assert planned.kind is QuestionKind.OPENER
    assert planned.source == "local"
    assert POSITIONS[family] in planned.text
    assert planned.text == OPENERS[family].format(position=POSITIONS[family])


def test_plan_opener_with_unusable_position_uses_the_family_label() -> None:
    position = "Senior Staff Backend Software Engineer, Payments and Billing Systems"
    planned = plan_next_question(ctx(position, 1))
    assert planned.kind is QuestionKind.OPENER
    assert FAMILY_LABEL[Family.BACKEND] in planned.text
    assert hangul_share(planned.text) >= 0.6


def test_plan_opener_strips_a_trailing_position_word() -> None:
    planned = plan_next_question(ctx("백엔드 직무", 1))
    assert "백엔드 직무에" in planned.text
    assert "직무 직무" not in planned.text


# --------------------------------------------------------------------------------------------------------- follow-up

REDIS_ANSWER = (
    "이전 회사에서 결제 API의 응답 시간이 너무 길다는 불만이 많았습니다. 그래서 자주 조회되는 상품 정보를 "
    "Redis에 캐싱하는 구조를 도입했고, 캐시 무효화는 상품이 수정될 때 이벤트로 처리했습니다."
)


def test_plan_follow_up_on_order_two_names_a_key_term() -> None:
    planned = after_opener("백엔드 개발자", REDIS_ANSWER)
    assert planned.kind is QuestionKind.FOLLOW_UP
    assert len(planned.key_terms) == 1
    term = planned.key_terms[0]
    assert term in planned.text
    assert term in key_terms(REDIS_ANSWER, limit=5)
    assert term == "Redis"


def test_plan_follow_up_without_numbers_asks_for_the_result() -> None:
    planned = after_opener("백엔드 개발자", REDIS_ANSWER)
    assert follow_up_type_of(planned) is FollowUpType.RESULT
    assert "수치" in planned.text or "숫자" in planned.text


def test_plan_follow_up_team_only_answer_asks_what_the_candidate_did() -> None:
    answer = "저희 팀은 주문 API 앞에 Redis 캐시를 두었고, 평균 응답 시간이 800ms에서 150ms로 줄었습니다."
    planned = after_opener("백엔드 개발자", answer)
    assert follow_up_type_of(planned) is FollowUpType.OWN_ROLE


def test_plan_follow_up_without_reasons_asks_why_and_what_alternatives() -> None:
    answer = "제가 주문 API 앞에 Redis 캐시를 직접 붙였고, 평균 응답 시간이 800ms에서 150ms로 줄었습니다."
    planned = after_opener("백엔드 개발자", answer)
    assert follow_up_type_of(planned) is FollowUpType.REASONING
    assert "이유" in planned.text or "근거" in planned.text


def test_plan_follow_up_complete_answer_asks_about_trade_offs_or_scale() -> None:
    answer = (
        "DB 부하 때문에 제가 주문 API 앞에 Redis 캐시를 직접 붙였습니다. 로컬 캐시도 비교했지만 서버가 여러 대라 "
        "일관성 문제로 Redis를 선택했고, 평균 응답 시간이 800ms에서 150ms로 줄었습니다."
    )
    planned = after_opener("백엔드 개발자", answer)
    assert follow_up_type_of(planned) is FollowUpType.DEPTH


def test_plan_follow_up_after_self_introduction_names_the_work_not_the_tool() -> None:
    answer = (
        "4년차 개발자로 물류 스타트업에서 배송 추적 시스템을 만들어 왔습니다. Spring과 MySQL을 주로 썼고, "
        "더 큰 규모의 트래픽을 경험하고 싶어 지원했습니다."
    )
    planned = after_opener("백엔드 개발자", answer)
    assert planned.key_terms == ("배송 추적 시스템",)


def test_plan_follow_up_prefers_terms_the_question_did_not_supply() -> None:
    question = "Redis를 캐시로 쓰면서 겪은 문제를 말씀해 주시겠어요?"
    answer = "제가 Redis 클러스터의 키 만료 정책을 바꾸고 Lua 스크립트로 재고 차감을 원자적으로 처리했습니다."
    history = (QA(1, "자기소개를 부탁드립니다?", "네."), QA(2, question, answer))
    planned = plan_next_question(ctx("백엔드 개발자", 3, history=history))
    assert planned.kind is QuestionKind.FOLLOW_UP
    assert planned.key_terms != ("Redis",)
    assert planned.key_terms[0] in key_terms(answer, limit=8)


def test_plan_follow_up_uses_the_right_particle() -> None:
    planned = after_opener("백엔드 개발자", REDIS_ANSWER)
    assert "Redis을" not in planned.text
    assert "Redis과" not in planned.text


@pytest.mark.parametrize(
    "answer",
    [None, "", "모르겠습니다.", "잘 모르겠습니다. 죄송합니다, 다음 질문으로 넘어가 주세요.", "네, 그렇습니다."],
)
def test_plan_non_answer_moves_to_a_competency_question(answer: str | None) -> None:
    planned = after_opener("백엔드 개발자", answer)
    assert planned.kind is QuestionKind.COMPETENCY
    assert planned.key_terms == ()
    assert planned.text in {q.text for q in COMPETENCY_BANK[Family.BACKEND]}


def test_plan_no_follow_up_on_a_follow_up() -> None:
    follow_up = after_opener("백엔드 개발자", REDIS_ANSWER)
    opener = plan_next_question(ctx("백엔드 개발자", 1))
    history = (QA(1, opener.text, REDIS_ANSWER), QA(2, follow_up.text, REDIS_ANSWER))
    planned = plan_next_question(ctx("백엔드 개발자", 3, history=history))
    assert planned.kind is QuestionKind.COMPETENCY


def test_plan_follow_up_after_competency_question() -> None:
    answer = "제가 정산 배치를 Airflow로 옮기면서 재시도 정책을 다시 짰습니다."
    planned = after_competency("백엔드 개발자", answer)
    assert planned.kind is QuestionKind.FOLLOW_UP
    assert planned.key_terms[0] in planned.text


def test_is_follow_up_recognises_rendered_templates_only() -> None:
    for templates in FOLLOW_UP_TEMPLATES.values():
        for template in templates:
            assert is_follow_up(render_follow_up(template, "Kafka"))
            assert is_follow_up(render_follow_up(template, "응답 시간"))
    for question in COMPETENCY_BANK[Family.BACKEND]:
        assert not is_follow_up(question.text)
    for family in Family:
        assert not is_follow_up(OPENERS[family].format(position="개발자"))
        for text in FALLBACK_POOL[family]:
            assert not is_follow_up(text)


def test_is_substantive_needs_length_and_content() -> None:
    assert is_substantive(REDIS_ANSWER)
    assert not is_substantive("Redis를 썼습니다.")
    assert not is_substantive("솔직히 말씀드리면 그 부분은 제가 잘 모르겠습니다. 죄송합니다.")
    assert not is_substantive(None)


# ------------------------------------------------------------------------------------------------ competency, closing


def test_plan_competency_question_covers_a_new_competency() -> None:
    position = "백엔드 개발자"
    history: list[QA] = [QA(1, plan_next_question(ctx(position, 1, total=10)).text, "네.")]
    competencies: list[str] = []
    by_text = {q.text: q.competency for q in COMPETENCY_BANK[Family.BACKEND]}
    for order in range(2, 8):
        planned = plan_next_question(ctx(position, order, total=10, history=tuple(history)))
        assert planned.kind is QuestionKind.COMPETENCY
        competencies.append(by_text[planned.text])
        history.append(QA(order, planned.text, "네."))
    assert len(set(competencies)) == len(competencies)


def test_plan_competency_question_is_never_a_near_repeat_of_an_asked_one() -> None:
    position = "프론트엔드 개발자"
    opener = plan_next_question(ctx(position, 1)).text
    # The session already asked every frontend bank question: the planner moves to the general bank.
    history = (
        QA(1, opener, "네."),
        *(QA(i + 2, q.text, "네.") for i, q in enumerate(COMPETENCY_BANK[Family.FRONTEND])),
    )
    planned = plan_next_question(ctx(position, len(history) + 1, total=20, history=history))
    assert planned.kind is QuestionKind.COMPETENCY
    assert planned.text in {q.text for q in COMPETENCY_BANK[Family.GENERAL]}
    assert all(similarity(planned.text, qa.question) < 0.8 for qa in history)


def test_plan_reworded_asked_question_is_not_asked_again() -> None:
    position = "백엔드 개발자"
    first = plan_next_question(ctx(position, 2, history=(QA(1, "자기소개 부탁드립니다?", "네."),)))
    reworded = first.text.replace("말씀해 주시겠어요?", "설명해 주세요.").replace("나요?", "나요.")
    history = (QA(1, "자기소개 부탁드립니다?", "네."), QA(2, reworded, "네."))
    planned = plan_next_question(ctx(position, 3, history=history))
    assert similarity(planned.text, reworded) < 0.8


@pytest.mark.parametrize("total", [3, 5, 8])
def test_plan_last_question_is_a_closing_question(total: int) -> None:
    history = tuple(QA(i, f"{i}번째 질문은 무엇인가요?", REDIS_ANSWER) for i in range(1, total))
    planned = plan_next_question(ctx("백엔드 개발자", total, total=total, history=history))
    assert planned.kind is QuestionKind.CLOSING
    assert planned.text in CLOSING_QUESTIONS


def test_plan_short_interview_has_no_closing_question() -> None:
    opener = plan_next_question(ctx("백엔드 개발자", 1, total=2))
    planned = plan_next_question(ctx("백엔드 개발자", 2, total=2, history=(QA(1, opener.text, REDIS_ANSWER),)))
    assert planned.kind is QuestionKind.FOLLOW_UP


# ------------------------------------------------------------------------------------------------- whole interviews


@pytest.mark.parametrize("family", list(Family))
def test_plan_five_question_interview_is_varied_korean_and_digs_in(family: Family) -> None:
    planned = simulate(family)
    texts = [p.text for p in planned]
    assert len(set(texts)) == 5
    for a, b in itertools.combinations(texts, 2):
        assert similarity(a, b) < 0.8, (a, b)
    for index, question in enumerate(planned):
        assert question.source == "local"
        assert hangul_share(question.text) >= 0.6
        assert extract_question(question.text, texts[:index]) == question.text
    kinds = [p.kind for p in planned]
    assert kinds[0] is QuestionKind.OPENER
    assert kinds[-1] is QuestionKind.CLOSING
    assert QuestionKind.FOLLOW_UP in kinds
    for question in planned:
        if question.kind is QuestionKind.FOLLOW_UP:
            assert question.key_terms[0] in question.text


def test_plan_same_session_gives_the_same_question() -> None:
    first = after_opener("백엔드 개발자", REDIS_ANSWER)
    second = after_opener("백엔드 개발자", REDIS_ANSWER)
    assert first == second
    assert simulate(Family.DATA_ML) == simulate(Family.DATA_ML)


def test_plan_different_answers_give_different_follow_ups() -> None:
    answers = [
        REDIS_ANSWER,
        "정산 시스템을 Kafka 기반 이벤트 구조로 바꾸는 일을 맡았고, 중복 처리를 막는 멱등성 설계를 했습니다.",
        "쿠버네티스로 옮기면서 배포 파이프라인을 새로 만들었고, 롤링 배포와 헬스 체크를 정리했습니다.",
        "레거시 PHP 서버를 Go로 다시 작성했고, 모듈 경계를 도메인 기준으로 나눴습니다.",
    ]
    questions = [after_opener("백엔드 개발자", answer) for answer in answers]
    assert all(q.kind is QuestionKind.FOLLOW_UP for q in questions)
    assert len({q.text for q in questions}) == len(answers)
    assert len({q.key_terms for q in questions}) == len(answers)


def test_plan_phrasing_varies_across_sessions() -> None:
    # Same kind of answer (a story without numbers) in different sessions: not always the same sentence frame.
    frames = set()
    for index in range(12):
        answer = f"제가 {index + 2}개 서비스의 로그를 모으는 Fluentd 수집기를 만들었고, 장애 분석이 쉬워졌습니다."
        planned = after_opener("백엔드 개발자", answer)
        frames.add(planned.text.replace("Fluentd", "").split(",")[0][:12])
    assert len(frames) >= 2


# ------------------------------------------------------------------------------------------------------------- bank


@pytest.mark.parametrize("family", list(Family))
def test_bank_has_enough_tagged_questions_per_family(family: Family) -> None:
    questions = COMPETENCY_BANK[family]
    assert len(questions) >= 8
    assert all(q.competency.strip() for q in questions)
    assert len({q.competency for q in questions}) >= 6
    assert "{position}" in OPENERS[family]


def test_bank_has_general_closing_questions() -> None:
    assert len(CLOSING_QUESTIONS) >= 2


def test_bank_and_fallback_pool_have_no_duplicates_or_near_repeats() -> None:
    bank = [q.text for questions in COMPETENCY_BANK.values() for q in questions] + list(CLOSING_QUESTIONS)
    pool = [text for texts in FALLBACK_POOL.values() for text in texts]
    everything = bank + pool
    assert len(set(everything)) == len(everything)
    vectors = {text: embed(text) for text in everything}  # embedded once: similarity() would re-embed per pair
    for a, b in itertools.product(bank, everything):
        if a != b:
            assert cosine(vectors[a], vectors[b]) < 0.8, (a, b)
