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

from ai_worker.evaluation.lexicon import RELATED_CONCEPTS

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


def concept_present(term: str, text: str) -> bool:
    # Long Korean terms may keep a stray ending ("정합성이" left as is): their first syllables suffice.
    term = term.lower()
    if term in text or (len(term) >= 4 and _HANGUL.match(term) and term[:-1] in text):
        return True
    return any(cue.lower() in text for cue in RELATED_CONCEPTS.get(term, ()))


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
