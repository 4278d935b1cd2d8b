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


@dataclass(frozen=True)
class Structure:
    sentences: int  # sentences the analyser found
    predicated: int  # of them, sentences with a predicate and an ending
    content: tuple[str, ...]  # content lemmas in order ("api" lower-cased, "측정", "찾")

    @property
    def predicated_share(self) -> float:
        return self.predicated / self.sentences if self.sentences else 0.0


@lru_cache(maxsize=2048)
def _analyse(text: str) -> tuple[tuple[Token, ...], ...]:
    analyser = kiwi()
    return tuple(tuple(analyser.tokenize(sentence.text)) for sentence in analyser.split_into_sents(text))


def content_lemmas(tokens: Sequence[Token]) -> list[str]:
    lemmas: list[str] = []
    for token in tokens:
        if token.tag in _NOUN_TAGS and (len(token.form) >= 2 or token.tag == "SL"):
            lemmas.append(token.form.lower())
        elif token.tag in _VERB_TAGS and token.form not in _LIGHT_LEMMAS:
            lemmas.append(token.form)
    return lemmas


def structure_of(text: str) -> Structure:
    """Sentences, how many of them have a predicate and an ending, and the content lemmas."""
    if not text.strip():
        return Structure(0, 0, ())
    sentences = _analyse(text)
    predicated = sum(
        1
        for tokens in sentences
        if any(t.tag in _PREDICATE_TAGS for t in tokens) and any(t.tag in _ENDING_TAGS for t in tokens)
    )
    content = tuple(lemma for tokens in sentences for lemma in content_lemmas(tokens))
    return Structure(len(sentences), predicated, content)


def novel_content(answer: Structure, question: Structure) -> list[str]:
    """The answer's content lemmas the question did not already say, in order (repeats kept)."""
    asked = set(question.content)
    return [lemma for lemma in answer.content if lemma not in asked]


def question_concepts(question: str, limit: int = 3) -> list[str]:
    """What a question is about, as noun phrases in order: for feedback that names the question's core."""
    return noun_phrases(question)[:limit]
