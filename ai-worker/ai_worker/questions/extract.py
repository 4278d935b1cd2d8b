"""Taking exactly one interview question out of generated text (the original system's `_extract_question()`).

Language models wrap the question they were asked for in markdown, numbering, role labels, a
friendly preamble ("좋은 답변이네요. 다음 질문입니다.") or several extra questions. The interview
shows one question at a time, in Korean, never one the candidate was already asked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from interview_common.embeddings import cosine, embed

# Under the hashing embedding identical texts score 1.0, paraphrases about 0.6 and unrelated
# questions about 0.2; two questions that differ by one named term or a particle score 0.85–0.95.
# 0.8 rejects those while letting different questions that share polite boilerplate through.
NEAR_REPEAT_THRESHOLD = 0.8
# The interview is in Korean: Latin terms ("Redis", "API") are welcome, English sentences are not.
MIN_HANGUL_SHARE = 0.6

_FENCE = re.compile(r"```.*?```", re.DOTALL)
_MARKDOWN = re.compile(r"\*\*|__|`|~~")
_LINE_PREFIX = re.compile(
    r"""^\s*(?:
        \#{1,6}\s*                                  # heading
      | >\s*                                        # block quote
      | [-*+•·▪●○◦–—]\s+                            # bullet
      | \(?\d{1,2}\s*[.)](?!\d)\s*                  # 1.  2)  (3), not 3.5배
      | [①-⑳]\s*
      | Q\s*\d*\s*[:.)]\s*                          # Q1:  Q.
      | (?:다음\s*)?(?:질문|문항|면접\s*질문)\s*\d*\s*(?:입니다)?\s*[:：]\s*
      | (?:Question|Next\s+question)\s*\d*\s*[:：]\s*
      | (?:면접관|인터뷰어|Interviewer|Assistant|AI|assistant|interviewer)\s*[:：]\s*
    )""",
    re.VERBOSE | re.IGNORECASE,
)
# Lines the model wrote for the other side of the table or for itself: never a question to ask.
_NOT_A_QUESTION_LINE = re.compile(
    r"^\s*(?:A\s*\d*|답변|예시\s*답변|모범\s*답변|지원자|후보자|Answer|Candidate|의도|평가\s*포인트|참고|Note)\s*[:：]",
    re.IGNORECASE,
)
_QUOTES = "\"'“”‘’「」『』《》〈〉<>"
_SENTENCE_END = re.compile(r"(?<=[.?!？！。])\s+")
# Polite Korean question and request endings that need no question mark: "설명해 주세요.",
# "말씀해 주시겠어요", "무엇입니까". Declaratives ("했어요.", "그렇죠.") are not among them.
_KOREAN_QUESTION_ENDING = re.compile(
    r"(?:까요|나요|습니까|니까|가요|세요|십시오|시겠어요|실래요|실까요|은지요|는지요|을지요|ㄴ가요|겠습니까)$"
)


@lru_cache(maxsize=4096)
def _vector(text: str) -> tuple[float, ...]:
    # The planner checks many candidates against the same few asked questions.
    return tuple(embed(text))


def cached_similarity(a: str, b: str) -> float:
    """interview_common.embeddings.similarity, with each text embedded once."""
    return cosine(_vector(a), _vector(b))


def is_near_repeat(candidate: str, previous: Sequence[str], threshold: float = NEAR_REPEAT_THRESHOLD) -> bool:
    """Whether `candidate` is (nearly) one of the `previous` questions."""
    key = " ".join(candidate.split())
    for earlier in previous:
        if not earlier or not earlier.strip():
            continue
        if " ".join(earlier.split()) == key or cached_similarity(candidate, earlier) >= threshold:
            return True
    return False


def hangul_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if "가" <= c <= "힣" or "ㄱ" <= c <= "ㅣ") / len(letters)


def is_question_form(sentence: str) -> bool:
    """Ends with a question mark, or with a Korean question or polite-request ending ("…해 주세요.")."""
    body = sentence.rstrip()
    if body.endswith(("?", "？")):
        return True
    body = body.rstrip(".!。~ ")
    return bool(_KOREAN_QUESTION_ENDING.search(body))


def _strip_line(line: str) -> str:
    line = _MARKDOWN.sub("", line)
    previous = None
    while previous != line:  # "1. **질문:** 면접관: …" carries several prefixes
        previous = line
        line = _LINE_PREFIX.sub("", line, count=1).strip().strip(_QUOTES).strip()
    return line


def candidate_sentences(text: str) -> list[str]:
    """The cleaned sentences of generated text, in order."""
    text = _FENCE.sub(" ", text)
    sentences: list[str] = []
    for raw_line in text.splitlines():
        if _NOT_A_QUESTION_LINE.match(_MARKDOWN.sub("", raw_line)):
            continue
        line = _strip_line(raw_line)
        if not line:
            continue
        for part in _SENTENCE_END.split(line):
            sentence = " ".join(_strip_line(part).split())
            if sentence:
                sentences.append(sentence)
    return sentences


def extract_question(
    text: str | None, previous: Sequence[str], *, min_chars: int = 10, max_chars: int = 220
) -> str | None:
    """The first sentence of `text` that is a Korean question of sensible length not asked before, or None.

    Markdown, numbering ("1.", "Q1:", "질문:"), role labels ("면접관:") and quotes are removed;
    a preamble such as "좋은 답변이네요." is skipped because it is not a question; of several
    questions only the first usable one is returned.
    """
    if not text:
        return None
    for sentence in candidate_sentences(text):
        if not min_chars <= len(sentence) <= max_chars:
            continue
        if hangul_share(sentence) < MIN_HANGUL_SHARE or not is_question_form(sentence):
            continue
        if is_near_repeat(sentence, previous):
            continue
        return sentence
    return None
