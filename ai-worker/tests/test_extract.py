"""Taking one usable Korean question out of messy generated text."""

from __future__ import annotations

import pytest

from ai_worker.questions.extract import extract_question, is_near_repeat, is_question_form
from ai_worker.questions.fallback import FALLBACK_POOL
from interview_common.positions.bank import CLOSING_QUESTIONS, COMPETENCY_BANK, OPENERS
from interview_common.positions.families import Family

QUESTION = "Redis를 캐시로 선택하신 이유는 무엇이었나요?"


def test_extract_plain_question_is_returned_as_is() -> None:
    assert extract_question(QUESTION, []) == QUESTION


def test_extract_numbered_list_gives_the_first_question() -> None:
    text = "1. Redis를 캐시로 선택하신 이유는 무엇이었나요?\n2. Kafka 대신 고려한 메시지 큐가 있었나요?"
    assert extract_question(text, []) == QUESTION


def test_extract_question_label_is_removed() -> None:
    assert extract_question(f"질문: {QUESTION}", []) == QUESTION
    assert extract_question(f"다음 질문: {QUESTION}", []) == QUESTION
    assert extract_question(f"Q1: {QUESTION}", []) == QUESTION
    assert extract_question(f"Question 2: {QUESTION}", []) == QUESTION


def test_extract_role_prefix_and_quotes_are_removed() -> None:
    assert extract_question(f'면접관: "{QUESTION}"', []) == QUESTION
    assert extract_question(f"Interviewer: “{QUESTION}”", []) == QUESTION


def test_extract_markdown_is_removed() -> None:
    text = f"## 다음 질문\n\n- **{QUESTION}**\n"
    assert extract_question(text, []) == QUESTION
    assert extract_question(f"> 1) **질문:** {QUESTION}", []) == QUESTION


def test_extract_preamble_is_skipped() -> None:
    text = f"좋은 답변이네요. 다음 질문입니다. {QUESTION}"
    assert extract_question(text, []) == QUESTION


def test_extract_preamble_on_its_own_line_is_skipped() -> None:
    text = f"네, 잘 들었습니다.\n\n{QUESTION}\n\n편하게 답변해 주셔도 됩니다"
    assert extract_question(text, []) == QUESTION


def test_extract_multiple_questions_gives_only_the_first() -> None:
    text = f"{QUESTION} 그리고 캐시 무효화는 어떻게 처리하셨나요? 마지막으로 장애는 없었나요?"
    assert extract_question(text, []) == QUESTION


def test_extract_english_only_text_is_none() -> None:
    assert extract_question("Why did you choose Redis as your cache layer?", []) is None
    assert extract_question("1. Tell me about yourself.\n2. What is your biggest weakness?", []) is None


def test_extract_skips_english_and_takes_the_korean_question() -> None:
    text = f"Here is the next question:\n{QUESTION}"
    assert extract_question(text, []) == QUESTION


def test_extract_polite_request_without_question_mark_counts() -> None:
    assert (
        extract_question("캐시 무효화 전략을 구체적으로 설명해 주세요.", [])
        == "캐시 무효화 전략을 구체적으로 설명해 주세요."
    )
    assert (
        extract_question("가장 어려웠던 장애 상황은 무엇이었습니까", []) == "가장 어려웠던 장애 상황은 무엇이었습니까"
    )


def test_extract_declarative_text_is_none() -> None:
    assert extract_question("좋은 답변 감사합니다. 다음으로 넘어가겠습니다.", []) is None
    assert extract_question("저는 Redis를 사용했어요.", []) is None


def test_extract_too_short_question_is_none() -> None:
    assert extract_question("왜요?", []) is None


def test_extract_too_long_question_is_none() -> None:
    long_question = "캐시를 " + "정말 " * 80 + "도입한 이유는 무엇인가요?"
    assert len(long_question) > 220
    assert extract_question(long_question, []) is None


def test_extract_length_bounds_are_configurable() -> None:
    assert extract_question(QUESTION, [], max_chars=10) is None
    assert extract_question("왜요?", [], min_chars=2) == "왜요?"


def test_extract_near_repeat_is_none() -> None:
    assert extract_question(QUESTION, [QUESTION]) is None
    assert extract_question("Redis를 캐시로 선택하신 이유는 무엇이었습니까?", [QUESTION]) is None


def test_extract_near_repeat_is_skipped_for_the_next_question() -> None:
    other = "캐시와 데이터베이스의 정합성은 어떻게 맞추셨나요?"
    assert extract_question(f"1. {QUESTION}\n2. {other}", [QUESTION]) == other


def test_extract_answer_lines_are_never_questions() -> None:
    text = "답변: 저는 왜 Redis를 골랐을까요? 속도 때문입니다.\n질문: 캐시 적중률은 어느 정도였나요?"
    assert extract_question(text, []) == "캐시 적중률은 어느 정도였나요?"


def test_extract_decimal_number_at_line_start_is_kept() -> None:
    text = "3.5배로 늘어난 트래픽을 어떻게 감당하셨나요?"
    assert extract_question(text, []) == text


@pytest.mark.parametrize("text", [None, "", "   \n  ", "```python\nprint('hi')\n```"])
def test_extract_empty_or_code_only_text_is_none(text: str | None) -> None:
    assert extract_question(text, []) is None


def test_is_near_repeat_identical_and_reworded_questions() -> None:
    assert is_near_repeat(QUESTION, [QUESTION])
    assert is_near_repeat(f"  {QUESTION} ", ["다른 질문입니다?", QUESTION])
    assert is_near_repeat("Redis를 캐시로 고르신 이유는 무엇이었나요?", [QUESTION])


def test_is_near_repeat_different_questions_are_not() -> None:
    assert not is_near_repeat("팀원과 의견이 갈렸을 때 어떻게 합의하셨나요?", [QUESTION])
    assert not is_near_repeat(QUESTION, [])
    assert not is_near_repeat(QUESTION, ["", "  "])


def test_is_near_repeat_threshold_is_adjustable() -> None:
    paraphrase = "캐시 계층으로 Redis를 고른 까닭을 설명해 주시겠어요?"
    assert not is_near_repeat(paraphrase, [QUESTION])
    assert is_near_repeat(paraphrase, [QUESTION], threshold=0.3)


@pytest.mark.parametrize(
    "ending", ["말씀해 주시겠어요", "설명해 주십시오.", "무엇인가요", "있으신가요?", "하셨나요.", "할까요"]
)
def test_is_question_form_korean_endings(ending: str) -> None:
    assert is_question_form(f"가장 어려웠던 일을 {ending}")


@pytest.mark.parametrize("family", list(Family))
def test_extract_every_bank_question_passes_unchanged(family: Family) -> None:
    for question in COMPETENCY_BANK[family]:
        assert extract_question(question.text, []) == question.text
    opener = OPENERS[family].format(position="백엔드 개발자")
    assert extract_question(opener, []) == opener


def test_extract_every_closing_question_passes_unchanged() -> None:
    for question in CLOSING_QUESTIONS:
        assert extract_question(question, []) == question


@pytest.mark.parametrize("family", list(Family))
def test_extract_every_fallback_question_yields_its_first_question(family: Family) -> None:
    for question in FALLBACK_POOL[family]:
        extracted = extract_question(question, [])
        assert extracted is not None
        # One pooled question has a second sentence ("있었다면 …"); the extractor keeps the first.
        assert question.startswith(extracted)
