"""Korean text helpers of the offline planner, on the real kiwipiepy model."""

from __future__ import annotations

import pytest

from ai_worker.questions.korean import final_consonant, josa, key_terms, kiwi, star_signals

REDIS_ANSWER = (
    "이전 회사에서 결제 API의 응답 시간이 너무 길다는 문제가 있었습니다. 그래서 자주 조회되는 상품 정보를 "
    "Redis에 캐싱하는 구조를 도입했고, 캐시 무효화는 상품이 수정될 때 이벤트로 처리했습니다."
)
GENERIC_WORDS = ("경험", "생각", "부분", "정도", "때", "것", "수", "등", "저", "우리", "회사", "프로젝트", "문제")


def test_kiwi_returns_one_cached_instance() -> None:
    assert kiwi() is kiwi()


def test_key_terms_redis_answer_names_redis() -> None:
    terms = key_terms(REDIS_ANSWER)
    assert "Redis" in terms
    assert len(terms) == 3


def test_key_terms_redis_answer_excludes_generic_words() -> None:
    terms = key_terms(REDIS_ANSWER, limit=10)
    for word in GENERIC_WORDS:
        assert word not in terms


def test_key_terms_joins_consecutive_nouns_into_compounds() -> None:
    terms = key_terms(REDIS_ANSWER, limit=10)
    assert "응답 시간" in terms
    assert "시간" not in terms


def test_key_terms_keeps_multiword_foreign_names_whole() -> None:
    answer = "CI/CD 파이프라인을 GitHub Actions로 옮기고, Node.js 서버는 Spring Boot로 다시 만들었습니다."
    terms = key_terms(answer, limit=5)
    # A name followed by the Korean noun it qualifies is one phrase ("CI/CD 파이프라인", "Node.js 서버").
    assert {"CI/CD 파이프라인", "GitHub Actions", "Node.js 서버", "Spring Boot"} <= set(terms)


def test_key_terms_ranks_foreign_and_technical_terms_before_plain_nouns() -> None:
    answer = "고객 문의가 많아서 상담 흐름을 바꾸고 Kafka로 알림을 보냈습니다. 상담 흐름이 핵심이었습니다."
    assert key_terms(answer, limit=1) == ["Kafka"]


def test_key_terms_ranks_more_frequent_terms_first_within_a_tier() -> None:
    answer = "정산 배치를 다시 짰습니다. 모니터링도 붙였고, 정산 배치는 매일 새벽에 돌아가며 정산 배치 실패를 알립니다."
    assert key_terms(answer, limit=1) == ["정산 배치"]


def test_key_terms_keeps_a_nominal_root_inside_a_compound() -> None:
    assert "상품 상세 페이지" in key_terms("상품 상세 페이지와 장바구니를 맡았습니다.", limit=5)


def test_key_terms_never_carry_a_particle_the_analyser_left_on_a_noun() -> None:
    # Kiwi reads "컬럼에" as one noun; the follow-up once asked about "조건 컬럼에 인덱스와 관련해".
    answer = "자주 쓰는 조건 컬럼에 인덱스를 추가하고 불필요한 조인을 하나 걷어냈더니 빨라졌습니다."
    terms = key_terms(answer, limit=5)
    assert "인덱스" in terms
    assert "조건 컬럼" in terms
    assert not any("에 " in term or term.endswith("에") for term in terms), terms


def test_key_terms_keeps_noun_suffixes_with_their_noun() -> None:
    terms = key_terms("서비스의 안정성과 확장성을 높이기 위해 배포 자동화를 진행했습니다.", limit=5)
    assert "안정성" in terms
    assert "확장성" in terms
    assert "배포 자동화" in terms


def test_key_terms_skips_a_self_introduced_name_and_role_words() -> None:
    terms = key_terms(
        "안녕하세요, 저는 5년차 백엔드 개발자 김민수입니다. 쿠버네티스 클러스터 운영을 맡았습니다.", limit=5
    )
    assert "김민수" not in terms
    assert not any("개발자" in term for term in terms)
    assert "쿠버네티스 클러스터 운영" in terms


def test_key_terms_skips_units_and_bare_numbers() -> None:
    terms = key_terms("p99 지연 시간이 800ms에서 120ms로 줄었습니다.", limit=5)
    assert "ms" not in terms
    assert "p" not in terms
    assert "지연 시간" in terms


@pytest.mark.parametrize("answer", ["", "   ", None, "모르겠습니다.", "네, 그렇습니다.", "저는 그런 경험이 없습니다."])
def test_key_terms_non_answers_have_none(answer: str | None) -> None:
    assert key_terms(answer) == []


def test_key_terms_respects_limit() -> None:
    assert len(key_terms(REDIS_ANSWER, limit=2)) == 2
    assert key_terms(REDIS_ANSWER, limit=0) == []


@pytest.mark.parametrize(
    ("word", "pair", "expected"),
    [
        ("서버", "을/를", "서버를"),
        ("캐시", "이/가", "캐시가"),
        ("결과", "은/는", "결과는"),
        ("인덱스", "과/와", "인덱스와"),
        ("트랜잭션", "을/를", "트랜잭션을"),
        ("모니터링", "이/가", "모니터링이"),
        ("응답 시간", "과/와", "응답 시간과"),
        ("방법", "으로/로", "방법으로"),
        ("서울", "으로/로", "서울로"),
        ("파일", "으로/로", "파일로"),
        ("파일", "을/를", "파일을"),
    ],
)
def test_josa_korean_words_follow_the_final_consonant(word: str, pair: str, expected: str) -> None:
    assert josa(word, pair) == expected


@pytest.mark.parametrize(
    ("word", "pair", "expected"),
    [
        ("Redis", "을/를", "Redis를"),
        ("API", "을/를", "API를"),
        ("Kafka", "을/를", "Kafka를"),
        ("Spring", "을/를", "Spring을"),
        ("React", "을/를", "React를"),
        ("SQL", "을/를", "SQL을"),
        ("SQL", "으로/로", "SQL로"),
        ("PostgreSQL", "이/가", "PostgreSQL이"),
        ("Kotlin", "으로/로", "Kotlin으로"),
        ("Python", "과/와", "Python과"),
        ("Docker", "과/와", "Docker와"),
        ("Git", "을/를", "Git을"),
        ("Slack", "으로/로", "Slack으로"),
        ("GitHub", "을/를", "GitHub를"),
        ("Chrome", "을/를", "Chrome을"),
        ("Node", "이/가", "Node가"),
        ("Google", "으로/로", "Google로"),
        ("iOS", "을/를", "iOS를"),
        ("CDN", "을/를", "CDN을"),
        ("SSR", "과/와", "SSR과"),
        ("SSR", "으로/로", "SSR로"),
        ("AWS", "과/와", "AWS와"),
        ("EC2", "을/를", "EC2를"),
        ("C#", "으로/로", "C#으로"),
        ("Spring Boot", "을/를", "Spring Boot를"),
    ],
)
def test_josa_latin_words_follow_their_korean_reading(word: str, pair: str, expected: str) -> None:
    assert josa(word, pair) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [("3", "3을"), ("2", "2를"), ("10", "10을"), ("100", "100을"), ("15%", "15%를"), ("1", "1을"), ("5", "5를")],
)
def test_josa_numbers_follow_the_korean_reading(word: str, expected: str) -> None:
    assert josa(word, "을/를") == expected


def test_josa_parenthesised_gloss_is_ignored() -> None:
    assert josa("캐시(Cache)", "을/를") == "캐시(Cache)를"
    assert final_consonant("캐시(Cache)") is None


def test_josa_accepts_either_order_of_the_pair() -> None:
    assert josa("Redis", "를/을") == "Redis를"
    assert josa("서버", "로/으로") == "서버로"


def test_josa_unknown_pair_raises() -> None:
    with pytest.raises(ValueError, match="unknown particle pair"):
        josa("서버", "에/에게")


def test_star_signals_complete_story_has_every_part() -> None:
    answer = (
        "작년 블랙프라이데이 때 주문 API가 자주 타임아웃 나는 상황이었습니다. 제 역할은 응답 시간을 1초 안으로 "
        "줄이는 것이었고, 제가 직접 Redis 캐시를 설계했습니다. DB 복제본을 늘리는 대안도 있었지만 비용 때문에 "
        "캐시를 선택했고, 그 결과 p99 지연 시간이 2.3초에서 0.4초로 줄었습니다."
    )
    assert star_signals(answer) == {
        "situation": True,
        "task": True,
        "action": True,
        "result": True,
        "metric": True,
        "reason": True,
    }


def test_star_signals_team_only_answer_has_no_personal_action() -> None:
    signals = star_signals("저희 팀은 Redis 캐시를 도입했고 응답 시간이 절반으로 줄었습니다.")
    assert signals["action"] is False
    assert signals["metric"] is True


def test_star_signals_first_person_without_a_deed_is_no_action() -> None:
    assert star_signals("저는 백엔드 개발자입니다.")["action"] is False


def test_star_signals_result_without_numbers_is_no_metric() -> None:
    signals = star_signals("제가 쿼리를 고쳤고 그 결과 화면이 훨씬 빨라졌습니다.")
    assert signals["result"] is True
    assert signals["metric"] is False


def test_star_signals_experience_years_are_not_a_metric() -> None:
    assert star_signals("5년차 개발자로 결제 시스템을 맡아 왔습니다.")["metric"] is False


def test_star_signals_detects_reasons_and_comparisons() -> None:
    assert star_signals("MySQL보다 PostgreSQL이 JSON 처리에 강해서 골랐습니다.")["reason"] is True
    assert star_signals("일관성을 지키기 위해 트랜잭션을 나눴습니다.")["reason"] is True
    assert star_signals("트랜잭션을 나눴습니다.")["reason"] is False


@pytest.mark.parametrize("answer", [None, "", "  "])
def test_star_signals_empty_answer_has_nothing(answer: str | None) -> None:
    assert not any(star_signals(answer).values())


def test_key_terms_rank_a_bare_identifier_acronym_below_what_the_answer_is_about() -> None:
    # "요청 ID로 로그를 따라갑니다" once made the follow-up ask about "ID 경험".
    answer = (
        "장애가 났을 때는 먼저 지표로 범위를 좁히고, 로그에서 요청 ID로 흐름을 따라갔습니다. "
        "데이터베이스 커넥션 풀이 고갈된 것이 원인이었습니다."
    )
    terms = key_terms(answer)
    assert terms[0] != "ID"
    assert "데이터베이스 커넥션 풀" in terms
    # Alone, it is still a term: asked about only when nothing more specific was said.
    assert key_terms("요청 ID를 남겼습니다.") == ["ID"]
