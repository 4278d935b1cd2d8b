"""The emotion timeline of a session and its per-question summary."""

from __future__ import annotations

from collections import Counter, defaultdict

from sqlmodel import Session, col, select

from interview_common.consent import EMOTION_CAVEAT
from interview_common.models import (
    EmotionAnalysis,
    EmotionPoint,
    EmotionSample,
    EmotionTimeline,
    InterviewQuestion,
    InterviewSession,
    QuestionEmotionSummary,
    emotion_analysis_of,
)
from interview_common.settings import get_settings

EMOTIONS = ("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral")
MAX_POINTS = 10_000  # two hours at one frame a second


def summarise(samples: list[EmotionSample], orders: dict[int, int]) -> list[QuestionEmotionSummary]:
    by_question: dict[int | None, list[EmotionSample]] = defaultdict(list)
    for sample in samples:
        by_question[sample.question_id].append(sample)
    summaries = []
    for question_id, group in by_question.items():
        single = [s for s in group if s.faces_found == 1 and s.dominant]
        counts = Counter(s.dominant for s in single)
        share = {e: round(counts.get(e, 0) / len(single), 4) if single else 0.0 for e in EMOTIONS}
        summaries.append(
            QuestionEmotionSummary(
                question_id=question_id,
                order=orders.get(question_id) if question_id is not None else None,
                frames=len(group),
                no_face=sum(s.faces_found == 0 for s in group),
                multi_face=sum(s.faces_found > 1 for s in group),
                share=share,
            )
        )
    # Questions in interview order; frames outside any question last.
    return sorted(summaries, key=lambda s: (s.order is None, s.order or 0))


def timeline(db: Session, interview: InterviewSession) -> EmotionTimeline:
    """The session's emotion data, or its explicit absence: never an empty chart that looks like data."""
    assert interview.id is not None
    session_id = interview.id
    status = emotion_analysis_of(interview.emotion_consent)
    header = {
        "session_id": session_id,
        "status": status,
        "backend": get_settings().EMOTION_BACKEND,
        "caveat": EMOTION_CAVEAT,
    }
    if status is not EmotionAnalysis.COLLECTED:
        return EmotionTimeline(**header, frames=0, timeline=[], per_question=[])
    samples = list(
        db.exec(
            select(EmotionSample)
            .where(EmotionSample.session_id == session_id)
            .order_by(col(EmotionSample.captured_at))
            .limit(MAX_POINTS)
        )
    )
    orders = dict(
        db.exec(
            select(InterviewQuestion.id, InterviewQuestion.order).where(InterviewQuestion.session_id == session_id)
        ).all()
    )
    return EmotionTimeline(
        **header,
        frames=len(samples),
        timeline=[
            EmotionPoint(
                captured_at=s.captured_at,
                question_id=s.question_id,
                faces_found=s.faces_found,
                dominant=s.dominant,
                probabilities=s.probabilities,
            )
            for s in samples
        ],
        per_question=summarise(samples, orders),
    )
