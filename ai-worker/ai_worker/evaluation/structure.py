"""What the morphological analyser tells the rubric about an answer's form and words (kiwipiepy).

- Sentence structure: an answer is made of sentences with predicates (a verb or adjective, or a
  noun + 하다/이다) and endings. A string of keywords and numbers without them ("장애 해결 Kafka
  Redis 40% 개선 결과 …") names topics but answers nothing.
- Content words: the lemmas of nouns, verbs and adjectives. Those of the answer that the question
  itself contains are an echo; only the others are the candidate's own contribution.
- The question's concepts: the noun phrases a question is about ("웹 페이지", "성능 지표"), without
  its framing words ("경험", "말씀", "간단", "과정"), for feedback that names what was asked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from kiwipiepy import Token

from ai_worker.questions.korean import kiwi, noun_phrases

# A predicate: a verb, an adjective, the copula, or a noun made into one by 하다/되다 (XSV/XSA).
_PREDICATE_TAGS = frozenset({"VV", "VA", "VX", "VCP", "VCN", "XSV", "XSA"})
# The ending that closes a sentence or clause.
_ENDING_TAGS = frozenset({"EF", "EC"})
# Content words: nouns, foreign words, numbers with their unit, verb and adjective stems.
_NOUN_TAGS = frozenset({"NNG", "NNP", "SL", "XR"})
_VERB_TAGS = frozenset({"VV", "VA"})
# Auxiliary verbs and light predicates carry no content of their own ("해 보다", "있다", "되다").
_LIGHT_LEMMAS = frozenset({"하", "되", "있", "없", "보", "주", "같", "이", "아니", "않", "지", "싶", "드리"})
# Thinking and feeling are not deeds ("생각했습니다", "느꼈습니다"), nor is what merely happened
# ("의견이 나왔습니다", "문제가 생겼습니다", "시간이 걸렸습니다").
_NOT_DEEDS = frozenset(
    {"생각", "느끼", "배우", "깨닫", "알", "기억", "고민", "걱정", "노력", "후회", "바라", "원하"}
    | {
        "나오",
        "생기",
        "일어나",
        "들어오",
        "늘어나",
        "줄어들",
        "오르",
        "떨어지",
        "바뀌",
        "걸리",
        "남",
        "지나",
        "오",
        "가",
    }
)


@dataclass(frozen=True)
class Structure:
    sentences: int  # sentences the analyser found
    predicated: int  # of them, sentences with a predicate and an ending
    content: tuple[str, ...]  # content lemmas in order ("api" lower-cased, "측정", "찾")
    nouns: tuple[str, ...] = ()  # of the content lemmas, the nouns and foreign words: what it is about
    # Things done, told in the past tense, as said: a verb ("보냈", "찾았") or a noun + 하다 ("설계했").
    past_actions: tuple[str, ...] = ()
    # The same deeds named as feedback quotes them ("설계", "보내기"), read in their sentence's context.
    past_deeds: tuple[str, ...] = ()

    @property
    def predicated_share(self) -> float:
        return self.predicated / self.sentences if self.sentences else 0.0


@lru_cache(maxsize=2048)
def _analyse(text: str) -> tuple[tuple[str, tuple[Token, ...]], ...]:
    analyser = kiwi()
    return tuple(
        (sentence.text, tuple(analyser.tokenize(sentence.text))) for sentence in analyser.split_into_sents(text)
    )


def content_lemmas(tokens: Sequence[Token], nouns_only: bool = False) -> list[str]:
    lemmas: list[str] = []
    for token in tokens:
        if token.tag in _NOUN_TAGS and (len(token.form) >= 2 or token.tag == "SL"):
            lemmas.append(token.form.lower())
        elif not nouns_only and token.tag in _VERB_TAGS and token.form not in _LIGHT_LEMMAS:
            lemmas.append(token.form)
    return lemmas


# Cached: the topic check reads the same answer and the bank's questions some thirty times per answer.
@lru_cache(maxsize=2048)
def structure_of(text: str) -> Structure:
    """Sentences, how many of them have a predicate and an ending, the content lemmas, the deeds told."""
    if not text.strip():
        return Structure(0, 0, ())
    sentences = _analyse(text)
    predicated = sum(
        1
        for _, tokens in sentences
        if any(t.tag in _PREDICATE_TAGS for t in tokens) and any(t.tag in _ENDING_TAGS for t in tokens)
    )
    content = tuple(lemma for _, tokens in sentences for lemma in content_lemmas(tokens))
    nouns = tuple(lemma for _, tokens in sentences for lemma in content_lemmas(tokens, nouns_only=True))
    deeds = [deed for sentence, tokens in sentences for deed in _past_actions(sentence, tokens)]
    return Structure(len(sentences), predicated, content, nouns, tuple(d[0] for d in deeds), tuple(d[1] for d in deeds))


def _object_of(tokens: Sequence[Token], verb: int) -> str:
    """The object a verb takes right before it, with a space ("응답 시간을 줄였" → "응답 시간 "): a deed
    named "습관 들이기" reads; "들이기" alone does not. Up to two nouns; "" when there is none."""
    if verb < 2 or tokens[verb - 1].tag != "JKO":
        return ""
    nouns: list[str] = []
    index = verb - 2
    while index >= 0 and tokens[index].tag in ("NNG", "NNP", "SL") and len(nouns) < 2:
        nouns.insert(0, tokens[index].form)
        index -= 1
    return " ".join(nouns) + " " if nouns else ""


def _past_actions(sentence: str, tokens: Sequence[Token]) -> list[tuple[str, str]]:
    """Deeds told in the past tense: as said ("보냈", "설계했": the verb, or the noun + 하다, with its tense)
    and as named ("보내기", "설계": the verb's -기 noun, or the noun)."""
    actions = []
    for index, token in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is None or following.tag != "EP" or not following.form.startswith(("었", "았", "였")):
            continue
        start, name = None, ""
        if token.tag == "VV" and token.form not in _LIGHT_LEMMAS and token.form not in _NOT_DEEDS:
            start, name = token.start, _object_of(tokens, index) + token.form + "기"
        elif (
            token.tag == "XSV"
            and index > 0
            and tokens[index - 1].tag in ("NNG", "NNP", "SL")
            and tokens[index - 1].form not in _NOT_DEEDS
        ):
            start, name = tokens[index - 1].start, tokens[index - 1].form
        said = (
            sentence[start : max(following.start + following.len, token.start + token.len)] if start is not None else ""
        )
        if said.strip():
            actions.append((said.strip(), name))
    return actions


def novel_content(answer: Structure, question: Structure) -> list[str]:
    """The answer's content lemmas the question did not already say, in order (repeats kept)."""
    asked = set(question.content)
    return [lemma for lemma in answer.content if lemma not in asked]


# Nouns that frame a question rather than carry its topic: the interviewer's own wording ("방금 언급하신",
# "전후를 비교할 수 있는", "마지막으로", "입사하신다면", "가장 보람 있었던 순간").
_QUESTION_FRAME = frozenset(
    {"언급", "지금", "가능", "마지막", "소개", "본인 소개", "순간", "전후", "비교", "한계", "감수", "숫자", "수치",
     "지표", "근거", "선택지", "기여", "입사", "변화", "계획", "의미", "보람", "애착", "기억", "규모", "배", "끝", "설명", "측정 가능", "측정", "이야기",
     "오늘", "자리"}
)  # fmt: skip


def question_concepts(question: str, limit: int = 3) -> list[str]:
    """What a question is about, as noun phrases in order: for feedback that names the question's core."""
    return [phrase for phrase in noun_phrases(question) if phrase not in _QUESTION_FRAME][:limit]
