"""Korean text helpers of the local rubric: words, particles, stems, sentences, cue matching.

Light heuristics rather than the morphological analyser where they suffice: particles are stripped
from the end of each word, Sino-Korean verbs ("설계했습니다") are cut back to their noun ("설계"),
and cues are matched as substrings, which tolerates the endings Korean attaches to words. What
needs real morphology (sentence structure, content words, a question's noun phrases) is in
`structure.py`, on kiwipiepy.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_HANGUL = re.compile(r"[가-힣]")
_LATIN_WORD = r"[A-Za-z][A-Za-z0-9+#]*(?:[./\-][A-Za-z0-9+#]+)*"
_LATIN_TERM = re.compile(rf"(?<![A-Za-z0-9]){_LATIN_WORD}")
# "SELECT FOR UPDATE", "Spring Boot": Latin words in a row are one term.
LATIN_PHRASE = re.compile(rf"(?<![A-Za-z0-9]){_LATIN_WORD}(?: {_LATIN_WORD})*")
_TOKEN_EDGE = re.compile(r"^[^\w%+#]+|[^\w%+#]+$")

# Longest first, so "에서는" is removed whole rather than leaving "에서".
_PARTICLE_LIST = (
    "에서는", "으로는", "에게서", "이라는", "이라고", "에서도", "으로도", "까지는", "부터는", "에서", "으로", "에게",
    "한테", "까지", "부터", "처럼", "보다", "이나", "라는", "라고", "와의", "과의", "에는", "에도", "로는", "로도",
    "이란", "란", "는", "은", "이", "가", "을", "를", "의", "에", "로", "와", "과", "도", "만", "나", "랑", "들",
)  # fmt: skip
_PARTICLES = tuple(sorted(_PARTICLE_LIST, key=len, reverse=True))
# A Sino-Korean noun followed by a light verb: "설계했습니다" -> "설계", "운영하는" -> "운영".
_LIGHT_VERB = re.compile(r"^([가-힣]{2,}?)(?:하|했|한|할|해|함|되|된|될|됐|돼|시키|시켰)[가-힣]*$")
# Syllables that only occur inside inflected verbs (past, future, honorific, formal endings,
# contracted pasts such as "바꿨", "늘렸", "봤").
_VERB_SYLLABLES = set("었았였했겠셨습꿨웠렸졌켰왔뤘줬봤췄갔났썼랐쳤볐겼")
_VERB_INITIALS = set("었았였했겠셨꿨렸졌왔봤갔났썼")  # "했던", "났을": no noun starts with these
_VERB_ENDINGS = (
    "는지", "은지", "나요", "가요", "까요", "세요", "어요", "아요", "해요", "네요", "데요", "죠", "니까", "다면", "거나",
    "려고", "면서", "는데",
)  # fmt: skip
# One-syllable nouns are mostly dependent nouns ("것을", "곳은", "배로"); these few carry a topic.
_SHORT_NOUNS = {"락", "큐", "앱", "폼", "뷰", "키", "봇", "웹", "팀", "돈"}


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def split_words(text: str) -> list[str]:
    """Whitespace words (어절) with surrounding punctuation removed; empties dropped."""
    words = (_TOKEN_EDGE.sub("", raw) for raw in text.split())
    return [w for w in words if w]


def strip_particle(word: str, minimum: int = 2) -> str:
    # Twice, for stacked particles: "지표만으로" -> "지표만" -> "지표".
    for _ in range(2):
        for particle in _PARTICLES:
            if word.endswith(particle) and len(word) - len(particle) >= minimum:
                word = word[: -len(particle)]
                break
        else:
            break
    return word


def noun_stem(word: str) -> str:
    """The noun-like core of a word: particles stripped, a light verb cut back to its noun."""
    if not _HANGUL.search(word):
        return word.lower()
    word = strip_particle(word)
    match = _LIGHT_VERB.match(word)
    return match.group(1) if match else word


def _is_inflected_verb(word: str) -> bool:
    return word[0] in _VERB_INITIALS or any(s in _VERB_SYLLABLES for s in word[1:]) or word.endswith(_VERB_ENDINGS)


def _is_predicate(raw: str) -> bool:
    """A plain predicate or connective form of a native verb ("느리다", "찾고", "좁혀")."""
    # Adverbs in -히/-게 ("간단히", "빠르게") frame a question too.
    return raw.endswith("다") or (len(raw) <= 3 and raw.endswith(("고", "혀", "워", "져", "겨", "히", "게")))


# Words that frame a question rather than carry its topic ("말씀해 주시겠어요", "경험이 있다면").
_QUESTION_FRAME = (
    "말씀", "설명", "소개", "어떻", "어떤", "어느", "무엇", "무슨", "얼마", "언제", "누구", "있다", "있었", "있나", "있으",
    "없", "경험", "사례", "가장", "구체", "본인", "지금", "최근", "그것", "그때", "이것", "생각", "주시", "주세", "하셨",
    "하시", "해주", "이유", "과정", "방법", "부분", "정도", "관련", "대한", "대해", "위한", "위해", "통해", "같은", "다른",
    "여러", "모든", "때문", "경우", "이후", "뒤로", "처음", "각각", "자신", "순서", "기억", "남는", "하나", "골라",
    "갑자기", "어디", "먼저", "직접", "고려", "다시", "특히", "주로", "보통", "보시", "실제", "본적", "하고", "계신", "동안", "싶으",
)  # fmt: skip


# A question's word and the other words an on-topic answer often uses for it instead: without a
# thesaurus, "갈등" is never covered by "의견이 달랐습니다".
_RELATED: dict[str, tuple[str, ...]] = {
    "갈등": ("의견", "충돌", "대립", "합의", "설득", "조율", "이견", "마찰"),
    "이견": ("의견", "충돌", "합의", "설득", "조율", "갈등"),
    "충돌": ("의견", "갈등", "합의", "조율", "우선순위"),
    "실패": ("실수", "잘못", "놓쳤", "놓친", "실패", "어긋", "무산", "교훈"),
    "장애": ("오류", "에러", "다운", "중단", "느려", "지연", "타임아웃", "incident", "장애"),
    "병목": ("느려", "지연", "부하", "한계", "DB", "데이터베이스", "처리량"),
    "원인": ("때문", "이유", "문제", "발견", "찾았", "원인"),
    "성과": ("결과", "지표", "개선", "증가", "감소", "달성", "향상", "%"),
    "측정": ("지표", "수치", "%", "A/B", "대시보드", "분석", "추적"),
    "지원": ("관심", "동기", "지원", "입사", "합류"),
    "자기소개": ("저는", "경력", "전공", "개발자", "기획자", "디자이너"),
    "우선순위": ("중요도", "먼저", "임팩트", "영향", "긴급", "우선"),
    "협업": ("함께", "같이", "팀원", "동료", "소통", "협업"),
    "팀원": ("동료", "팀", "개발자", "디자이너", "기획자", "함께"),
    "학습": ("배우", "익히", "공부", "학습", "문서", "강의"),
    "기술": ("학습", "배우", "익히", "도입", "적용"),
    "개선": ("줄였", "늘렸", "높였", "낮췄", "향상", "빨라", "개선"),
    "트래픽": ("요청", "부하", "사용자", "트래픽", "처리량"),
    "대응": ("먼저", "하겠습니다", "늘리", "분산", "캐시", "확장"),
    "기여": ("하고 싶", "만들고 싶", "기여", "돕", "역할", "목표"),
    "데이터": ("수치", "지표", "로그", "분석", "데이터"),
    "정합성": ("일관성", "불일치", "중복", "누락", "트랜잭션", "정합성"),
    "사용자": ("고객", "유저", "사용자", "이용자"),
    "직무": ("개발자", "기획자", "디자이너", "엔지니어", "업무", "포지션", "직무", "분석가"),
}


def concept_present(term: str, text: str) -> bool:
    # Long Korean terms may keep a stray ending ("정합성이" left as is): their first syllables suffice.
    term = term.lower()
    if term in text or (len(term) >= 4 and _HANGUL.match(term) and term[:-1] in text):
        return True
    return any(cue.lower() in text for cue in _RELATED.get(term, ()))


def key_terms(text: str) -> list[str]:
    """The topic-bearing terms of a question, in order, without duplicates (Latin ones as written)."""
    terms: list[str] = []
    for word in split_words(normalise(text)):
        bare = strip_particle(word, minimum=1)
        if bare.isascii():  # "API를" -> "API"
            if len(bare) >= 2 and _LATIN_TERM.fullmatch(bare):
                terms.append(bare)
            continue
        if len(bare) == 1:
            if bare in _SHORT_NOUNS:
                terms.append(bare)
            continue
        stem = noun_stem(word)
        if len(stem) < 2 or _is_inflected_verb(stem) or _is_predicate(bare) or stem.startswith(_QUESTION_FRAME):
            continue
        if not _HANGUL.fullmatch(stem[0]) and not stem[0].isdigit():
            continue
        terms.append(stem)
    seen: set[str] = set()
    unique = []
    for term in terms:
        if term.lower() not in seen:
            seen.add(term.lower())
            unique.append(term)
    return unique


def split_sentences(text: str) -> list[str]:
    """Sentences by punctuation and, for unpunctuated transcripts, by sentence-final endings."""
    text = re.sub(r"…|\.{2,}", " ", normalise(text))  # an ellipsis is a pause, not a sentence end
    parts = re.split(r"[.!?。]+(?:\s+|$)|\n+", text)
    sentences: list[str] = []
    for part in parts:
        sentences.extend(s.strip() for s in _SPOKEN_END.split(part) if s.strip())
    return sentences


_SPOKEN_END = re.compile(
    r"(?:(?<=니다)|(?<=어요)|(?<=아요)|(?<=에요)|(?<=예요)|(?<=해요)|(?<=네요)|(?<=거든요)|(?<=는데요)|(?<=죠)"
    r"|(?<=했다)|(?<=였다)|(?<=었다)|(?<=았다)|(?<=이다)|(?<=한다)|(?<=된다))\s+"
)


def find_all(text: str, cues: Iterable[str]) -> list[str]:
    """The cues present in the text, in order of first appearance."""
    found = [(text.find(cue), cue) for cue in cues if cue in text]
    return [cue for _, cue in sorted(found)]


def phrases(text: str, cues: Iterable[str]) -> list[str]:
    """Like find_all, but each cue extended to the end of its word, for quoting ("반응이 좋았습니다")."""
    found = {}
    for cue in cues:
        match = re.search(re.escape(cue) + r"[가-힣]*", text)
        if match:
            found[match.start()] = match.group(0)
    return list(dict.fromkeys(found[k] for k in sorted(found)))


def graded(count: int, steps: tuple[float, ...]) -> float:
    """Diminishing returns: steps[i] is the credit for i + 1 cues; more cues earn the last step."""
    if count <= 0:
        return 0.0
    return steps[min(count, len(steps)) - 1]


def clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return max(low, min(high, value))
