"""Signals: what one answer contains, as evidence for the scores and the feedback (pure, deterministic)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ai_worker.evaluation.lexicon import (
    ACTION_VERBS,
    BEFORE_AFTER,
    BEHAVIOURAL,
    CLICHES,
    DEED_NAMES,
    EVASIVE,
    FIRST_PERSON,
    HARD_FILLERS,
    HEDGES,
    METRIC,
    NOT_ACTIONS,
    PAST_VERB,
    PLANNED,
    REASONS,
    RESULT,
    SITUATION,
    SOFT_FILLERS,
    STRUCTURE,
    TASK,
    TRADE_OFFS,
    UNITS_ONLY,
    WORD_METRIC,
    YEAR,
    vocabulary,
)
from ai_worker.evaluation.structure import novel_content, question_concepts, structure_of
from ai_worker.evaluation.text import (
    LATIN_PHRASE,
    concept_present,
    find_all,
    key_terms,
    normalise,
    noun_stem,
    phrases,
    split_sentences,
    split_words,
    strip_particle,
)
from ai_worker.evaluation.topic import topic_fit
from interview_common.embeddings import cosine, hashing_embedding
from interview_common.positions.families import Family, family_of


@dataclass(frozen=True)
class AnswerSignals:
    """Everything the scorer detected in one answer: the evidence behind each score and sentence."""

    words: int
    sentences: list[str]
    question_known: bool
    key_terms: list[str]
    covered_terms: list[str]
    similarity: float
    evasive: list[str]
    intents_asked: list[str]
    intents_met: list[str]
    hypothetical: bool
    behavioural: bool
    situation: list[str]
    task: list[str]
    actions: list[str]
    deeds: list[str]  # the actions named once each, as feedback quotes them ("설계", "줄이기")
    planned_actions: int
    first_person: list[str]
    results: list[str]
    cliches: list[str]
    hedges: list[str]
    metrics: list[str]
    before_after: str | None
    reasons: list[str]
    trade_offs: list[str]
    tech_terms: list[str]
    family_terms: list[str]
    structure: list[str]
    fillers: list[str]
    filler_weight: float
    longest_sentence: int
    repeated: list[str]
    repeated_sentences: list[str]
    distinct_ratio: float
    family: Family
    # From the morphological analyser (structure.py, topic.py):
    # share of sentences with a predicate and an ending (0 for a list of keywords),
    predicated_share: float = 1.0
    # share of the answer's content words the question did not already say (0 for an echo),
    own_share: float = 1.0
    # how well the answer is about the question asked rather than another (0..1).
    topic: float = 1.0
    # What the question is about, as noun phrases ("웹 페이지", "API 명세"), and those the answer speaks to:
    # what feedback names (never the question's filler words).
    concepts: tuple[str, ...] = ()
    covered_concepts: tuple[str, ...] = ()

    @property
    def coverage(self) -> float | None:
        # Touching four of a question's key terms is full coverage: long questions list more
        # terms than any answer needs to repeat.
        if not self.key_terms:
            return None
        return min(1.0, len(self.covered_terms) / min(len(self.key_terms), 4))


def _similarity(question: str, answer: str) -> float:
    # Always the hashing embedding: the thresholds below are calibrated on it, whatever
    # EMBEDDING_BACKEND the deployment uses for search.
    return cosine(hashing_embedding(question), hashing_embedding(answer))


def _covered(terms: list[str], answer: str) -> list[str]:
    flat = answer.lower()
    return [term for term in terms if concept_present(term, flat)]


def _intents(question: str) -> list[str]:
    intents = []
    if re.search(r"경험|사례|했던|였던|있었|하셨|셨나요|소개", question):
        intents.append("experience")
    if re.search(r"이유|왜", question):
        intents.append("reason")
    if re.search(r"어떻게|방법|순서|원칙|방식|접근|대응", question):
        intents.append("method")
    if re.search(r"장단점|비교|차이|트레이드오프|선택", question):
        intents.append("trade_off")
    return intents


def _is_hypothetical(question: str, intents: list[str]) -> bool:
    """Whether the question asks for a plan ("…라면 어떻게 하시겠어요?"): then steps are the evidence, not results."""
    return "experience" not in intents and bool(re.search(r"겠어요|겠습니까|시겠|라면|다면|시나요|싶으신", question))


def _actions(text: str) -> list[str]:
    """Stems of what the speaker did ("도입", "설계", "만들었"), in order."""
    found = [cue.removesuffix("했") for cue in find_all(text, ACTION_VERBS)]
    for match in PAST_VERB.finditer(text):
        stem = strip_particle(match.group(1))
        if stem not in NOT_ACTIONS and not any(stem.endswith(n) for n in NOT_ACTIONS if len(n) > 1):
            found.append(stem)
    return list(dict.fromkeys(found))


def _metrics(text: str, question: str) -> list[str]:
    """Measured quantities in the answer; dates and numbers echoed from the question are not evidence."""
    metrics = []
    for match in METRIC.finditer(text):
        value = match.group(0).strip()
        if not YEAR.match(value) and value not in question:
            metrics.append(value)
    metrics.extend(m.group(0) for m in WORD_METRIC.finditer(text) if m.group(0) not in question)
    return list(dict.fromkeys(metrics))


# A hash or code name ("f5c3bd72", "a1b2c3d4e5"): letters and digits mixed, no technology's name.
_IDENTIFIER = re.compile(r"(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])[0-9a-f]{6,}", re.IGNORECASE)


def _tech_terms(text: str, question: str, family: Family) -> list[str]:
    """Latin terms and the position's domain nouns that the question did not already say (echoes show no depth).

    Only the position's own vocabulary counts: "범위" is a PM's term but a developer's "아는 범위".
    """
    latin = [
        m.group(0)
        for m in LATIN_PHRASE.finditer(text)
        if m.group(0).lower() not in UNITS_ONLY
        and not re.fullmatch(r"[a-z]", m.group(0))
        and not _IDENTIFIER.fullmatch(m.group(0))
    ]
    asked = question.lower()
    terms = [*latin, *find_all(text, vocabulary(family))]
    return list(dict.fromkeys(t for t in terms if t.lower() not in asked))


def _fillers(words: list[str]) -> tuple[list[str], float]:
    hard = [w for w in words if w in HARD_FILLERS]
    soft = [w for w in words if w in SOFT_FILLERS]
    return [*hard, *soft], len(hard) + 0.5 * len(soft)


def _repetition(words: list[str]) -> tuple[list[str], float]:
    """Content words said three or more times (and making up a noticeable share), and the distinct ratio."""
    stems = [
        noun_stem(w)
        for w in words
        if w not in HARD_FILLERS and w not in SOFT_FILLERS and not FIRST_PERSON.fullmatch(w) and len(noun_stem(w)) >= 2
    ]
    if not stems:
        return [], 1.0
    counts = Counter(stems)
    repeated = [w for w, n in counts.most_common() if n >= 3 and n / len(stems) >= 0.08]
    return repeated, len(counts) / len(stems)


def analyse_answer(question: str, answer: str, position: str) -> AnswerSignals:
    """Detect the rubric cues in an answer (pure, deterministic)."""
    question, answer = normalise(question), normalise(answer)
    form, asked_form = structure_of(answer), structure_of(question)
    # The position itself ("프로덕트" of "프로덕트 매니저") is the interview's frame, not a question's topic.
    concepts = [c for c in question_concepts(question, limit=6) if c not in position][:3] if question else []
    words = split_words(answer)
    sentences = split_sentences(answer)
    family = family_of(position)
    terms = key_terms(question)
    asked = _intents(question)

    cues = _actions(answer)
    actions = list(dict.fromkeys([*cues, *form.past_actions]))
    # Named in context where the analyser saw the deed ("응답 시간 줄이기"), by the cue list otherwise.
    named = [DEED_NAMES.get(cue, cue) for cue in cues]
    named = [n for n in named if not any(d == n or d.endswith(" " + n) for d in form.past_deeds)]
    deeds = list(dict.fromkeys([*named, *form.past_deeds]))
    reasons = find_all(answer, REASONS)
    trade_offs = find_all(answer, TRADE_OFFS)
    structure = find_all(answer, STRUCTURE)
    situation = find_all(answer, SITUATION) + [m.group(0) for m in re.finditer(r"\d{4}\s?년", answer)]
    planned = len(PLANNED.findall(answer))
    met = []
    if "experience" in asked and (actions or situation):
        met.append("experience")
    if "reason" in asked and reasons:
        met.append("reason")
    if "method" in asked and (actions or planned or structure):
        met.append("method")
    if "trade_off" in asked and trade_offs:
        met.append("trade_off")

    fillers, filler_weight = _fillers(words)
    repeated, distinct = _repetition(words)
    before_after = BEFORE_AFTER.search(answer)
    return AnswerSignals(
        words=len(words),
        sentences=sentences,
        question_known=bool(split_words(question)),
        key_terms=terms,
        covered_terms=_covered(terms, answer),
        similarity=_similarity(question, answer) if words else 0.0,
        # Only an opening "모르겠습니다" dodges the question; "처음엔 원인을 잘 모르겠어서" mid-story does not.
        evasive=find_all(" ".join(sentences[:1]) if len(sentences) > 2 else answer, EVASIVE),
        intents_asked=asked,
        intents_met=met,
        hypothetical=_is_hypothetical(question, asked),
        behavioural=bool(BEHAVIOURAL.search(question)),
        situation=list(dict.fromkeys(situation)),
        task=find_all(answer, TASK),
        actions=actions,
        deeds=deeds,
        planned_actions=planned,
        first_person=list(dict.fromkeys(FIRST_PERSON.findall(answer))),
        results=find_all(answer, RESULT),
        cliches=phrases(answer, CLICHES),
        hedges=find_all(answer, HEDGES),
        metrics=_metrics(answer, question),
        before_after=f"{before_after.group(1)} → {before_after.group(2)}" if before_after else None,
        reasons=reasons,
        trade_offs=trade_offs,
        tech_terms=_tech_terms(answer, question, family),
        family_terms=find_all(answer, vocabulary(family)),
        structure=structure,
        fillers=fillers,
        filler_weight=filler_weight,
        longest_sentence=max((len(split_words(s)) for s in sentences), default=0),
        repeated=repeated,
        repeated_sentences=[x for x, n in Counter(sentences).items() if n >= 2 and len(split_words(x)) >= 2],
        distinct_ratio=distinct,
        family=family,
        predicated_share=form.predicated_share,
        own_share=len(novel_content(form, asked_form)) / len(form.content) if form.content else 1.0,
        topic=topic_fit(question, answer, family) if words and asked_form.content else 1.0,
        concepts=tuple(concepts),
        covered_concepts=tuple(c for c in concepts if any(concept_present(w, answer.lower()) for w in c.split())),
    )
