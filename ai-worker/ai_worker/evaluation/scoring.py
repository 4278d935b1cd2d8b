"""Scoring: how an answer's signals become the four rubric dimensions and the overall score.

    score = 0.25 * relevance + 0.35 * specificity + 0.25 * depth + 0.15 * clarity

Specificity weighs most: a structured interview asks "with evidence of what you actually did?"
(the STAR evidence behavioural interviews rely on), and an answer that only repeats the
question's words ("장애가 나면 로그를 꼼꼼히 봅니다") is relevant but says nothing. Relevance
acts mainly as a gate: a polished story about something else must not score well, so below
relevance 50 the weighted score is scaled by 0.4 + 0.6 * relevance / 50. Depth (reasons,
trade-offs, technical vocabulary) separates good from excellent. Clarity weighs least: answers
may be speech transcripts whose surface form says more about the recogniser than about the
candidate.
"""

from __future__ import annotations

import math

from ai_worker.evaluation.signals import AnswerSignals
from ai_worker.evaluation.text import clamp, graded, split_words
from interview_common.results import RubricScores

WEIGHTS: dict[str, float] = {"relevance": 0.25, "specificity": 0.35, "depth": 0.25, "clarity": 0.15}
RELEVANCE_GATE = 50  # below this, the weighted score is scaled down (see the module docstring)


def _length_gate(words: int) -> float:
    # Nothing can be judged from one or two words; from eight words on, length no longer gates.
    return clamp(words / 8)


def score_relevance(s: AnswerSignals) -> float:
    """Topic match (key-term coverage 55/45 with embedding similarity), lifted by meeting the question's
    intent and using the position's vocabulary; an opening "모르겠습니다" caps it."""
    if s.words == 0:
        return 0.0
    # Hashing-embedding cosine between a question and an answer: ~0.05 unrelated, ~0.3+ on topic.
    sim = clamp((s.similarity - 0.06) / 0.24)
    coverage = s.coverage
    content = sim if coverage is None else 0.55 * max(coverage, sim) + 0.45 * min(coverage, sim)
    # The analyser's topical fit sees paraphrases the cue lists miss ("잘못 적어서" for "실수").
    content = max(content, 0.85 * s.topic)
    if not s.question_known:
        content = 0.6  # no question text to compare with: neither reward nor punish
    # Meeting what the question asks for (an experience, a reason, a method) and speaking the
    # position's language lift an answer that paraphrases instead of repeating the question's words.
    intent = len(s.intents_met) / len(s.intents_asked) if s.intents_asked else 0.5
    domain = graded(len(s.family_terms), (0.5, 0.8, 1.0))
    topical = clamp(content * (0.6 + 0.4 * intent) + 0.2 * domain * content**0.5 + 0.1 * intent * content**0.5)
    relevance = 100 * _length_gate(s.words) * (0.1 + 0.9 * topical**0.75)
    if s.evasive:
        # "잘 모르겠습니다" alone is no answer; after an admission a real attempt still counts, partly.
        relevance = min(relevance, 12.0) if s.words < 15 else relevance * 0.75
    return relevance


def score_specificity(s: AnswerSignals) -> float:
    """STAR evidence: situation 15, task 10, action 30 (+ "저는/제가"), result 20, numbers 25;
    for a hypothetical question steps 45, named tools 20, numbers 20, context 15. Stock phrases cost."""
    situation = graded(len(s.situation), (0.75, 1.0))
    task = graded(len(s.task), (0.75, 1.0))
    action = graded(len(s.actions), (0.5, 0.75, 1.0))
    result = graded(len(s.results), (0.7, 1.0))
    numbers = 1.0 if s.before_after else graded(len(s.metrics), (0.7, 0.9, 1.0))
    if s.hypothetical:
        # A plan has no past situation or result: concrete steps, named tools and numbers are its evidence.
        steps = max(action, graded(s.planned_actions + len(s.structure), (0.4, 0.7, 0.85, 1.0)))
        named = graded(len(s.tech_terms), (0.4, 0.7, 1.0))
        raw = 0.45 * steps + 0.2 * named + 0.2 * numbers + 0.15 * max(situation, task, result)
    else:
        # Plans are weaker evidence than things done.
        action = max(action, graded(s.planned_actions, (0.3, 0.5, 0.6)))
        action = clamp(action + (0.2 if s.first_person and action else 0.0))
        raw = 0.15 * situation + 0.10 * task + 0.30 * action + 0.20 * result + 0.25 * numbers
    # Stock phrases ("최선을 다해", "좋은 결과") and hedges ("~했던 것 같습니다") stand in for evidence.
    if not s.metrics:
        raw -= min(0.2, 0.07 * (len(s.cliches) + len(s.hedges)))
    return 100 * _length_gate(s.words) * clamp(raw)


def score_clarity(s: AnswerSignals) -> float:
    """Sentence lengths 45 (no fragments, no run-ons), few fillers 25, little repetition 15, order markers 15."""
    if s.words == 0:
        return 0.0
    lengths = [len(split_words(sentence)) for sentence in s.sentences] or [s.words]

    def sentence_quality(n: int) -> float:
        if n < 4:  # a fragment
            return 0.4 + 0.15 * n
        if n <= 30:
            return 1.0
        return clamp(1 - (n - 30) / 40)  # a run-on: worthless as a sentence at 70 words

    plain = sum(sentence_quality(n) for n in lengths) / len(lengths)
    weighted = sum(sentence_quality(n) * n for n in lengths) / sum(lengths)
    sentences = 0.5 * plain + 0.5 * weighted
    filler = clamp(1 - (s.filler_weight / s.words) / 0.15)
    repetition = clamp((s.distinct_ratio - 0.35) / 0.35) if s.words >= 10 else 1.0
    # Order markers help a long answer; a short one is clear without them.
    structure = max(graded(len(s.structure), (0.6, 0.85, 1.0)), 0.7 if s.words < 30 else 0.3)
    raw = 0.45 * sentences + 0.25 * filler + 0.15 * repetition + 0.15 * structure
    return 100 * _length_gate(s.words) * raw


def score_depth(s: AnswerSignals) -> float:
    """Reasons 30, trade-offs and alternatives 25, technical vocabulary 25, length 20 (all with diminishing returns)."""
    reasons = graded(len(s.reasons), (0.6, 0.85, 1.0))
    trade_offs = graded(len(s.trade_offs), (0.55, 0.8, 1.0))
    tech = 1 - math.exp(-len(s.tech_terms) / 2.2)
    length = 1 - math.exp(-s.words / 45)  # diminishing: 30 words 0.49, 60 0.74, 100 0.89
    raw = 0.30 * reasons + 0.25 * trade_offs + 0.25 * tech + 0.20 * length
    return 100 * _length_gate(s.words) * raw


def _round(value: float) -> int:
    # Half up, not Python's half-to-even, so that x.5 always goes the same way.
    return int(clamp(value, 0, 100) + 0.5)


def combine(rubric: RubricScores) -> int:
    """The overall score: WEIGHTS applied to the rubric, scaled down below RELEVANCE_GATE."""
    weighted = sum(getattr(rubric, name) * weight for name, weight in WEIGHTS.items())
    if rubric.relevance < RELEVANCE_GATE:
        weighted *= 0.4 + 0.6 * rubric.relevance / RELEVANCE_GATE
    return _round(weighted)


# An answer is sentences: below this share of sentences with a predicate it reads as a list of words.
FULL_FORM_SHARE = 0.5
# Content words of its own: an answer below this share mostly says the question back.
ECHO_SHARE = (0.2, 0.5)


def form_factor(s: AnswerSignals) -> float:
    """1 for an answer made of sentences; near 0 for keywords strung together ("Kafka Redis 40% 개선 결과")."""
    if s.words < 6:
        return 1.0  # too short to judge its form; length gates it anyway
    return 0.1 + 0.9 * clamp(s.predicated_share / FULL_FORM_SHARE)


def echo_factor(s: AnswerSignals) -> float:
    """1 when the answer brings its own words; near 0 when it repeats the question's."""
    low, high = ECHO_SHARE
    return 0.1 + 0.9 * clamp((s.own_share - low) / (high - low))


def topic_factor(s: AnswerSignals) -> float:
    """How much of an answer's evidence counts: all of it on topic, a quarter for another question's story."""
    return 0.25 + 0.75 * clamp(s.topic)


def rubric_for(s: AnswerSignals) -> RubricScores:
    """The four dimensions of one answer, rounded.

    The cue-based scores are gated by what the analyser sees: keywords without sentences are not an
    answer (every dimension), words taken from the question are not the candidate's (relevance,
    specificity, depth), and evidence about another topic is not evidence for this question.
    """
    form, echo, topic = form_factor(s), echo_factor(s), topic_factor(s)
    return RubricScores(
        relevance=_round(score_relevance(s) * form * echo * (0.3 + 0.7 * clamp(s.topic))),
        specificity=_round(score_specificity(s) * form * echo * topic),
        clarity=_round(score_clarity(s) * form),
        depth=_round(score_depth(s) * form * echo * topic),
    )
