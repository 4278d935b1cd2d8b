"""Semantic search over every answer, ranked by cosine distance in pgvector."""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session

from interview_common.embeddings import embed, normalise
from interview_common.models import SearchHit

SNIPPET_CHARS = 160

_QUERY = text(
    """
    SELECT q.id AS question_id, q.session_id, s.user_name AS candidate, s.position,
           q.question_text, q.answer_text, q.answer_embedding <=> CAST(:vector AS vector) AS distance
    FROM interviewquestion q JOIN interviewsession s ON s.id = q.session_id
    WHERE q.answer_embedding IS NOT NULL
      -- an answer without a word (say "!!!") has a zero vector: its distance to anything is NaN
      AND q.answer_embedding <=> CAST(:vector AS vector) <> 'NaN'::float8
      -- interviews for another organisation's jobs are not this recruiter's to read
      AND (s.job_id IS NULL OR s.job_id IN (SELECT id FROM job WHERE organisation_id = :organisation))
    ORDER BY distance
    LIMIT :limit
    """
)


def snippet(answer: str, query: str, width: int = SNIPPET_CHARS) -> str:
    """The part of the answer around the first query word it contains (its start otherwise)."""
    lowered = answer.lower()
    positions = [lowered.find(word) for word in normalise(query).split() if len(word) >= 2]
    hits = [p for p in positions if p >= 0]
    start = max(0, min(hits) - width // 4) if hits else 0
    piece = answer[start : start + width].strip()
    return ("…" if start > 0 else "") + piece + ("…" if start + width < len(answer) else "")


class NothingToSearch(ValueError):
    """The query has no letter or digit: nothing in it can be compared with an answer."""


def search_answers(db: Session, query: str, limit: int, organisation_id: int | None) -> list[SearchHit]:
    if not normalise(query):
        raise NothingToSearch("Type at least one letter or digit to search for.")
    vector = "[" + ",".join(f"{v:.6f}" for v in embed(query)) + "]"
    rows = db.execute(_QUERY, {"vector": vector, "limit": limit, "organisation": organisation_id}).mappings()
    return [
        SearchHit(
            session_id=r["session_id"],
            question_id=r["question_id"],
            candidate=r["candidate"],
            position=r["position"],
            question_text=r["question_text"],
            snippet=snippet(r["answer_text"], query),
            score=round(1.0 - float(r["distance"]), 4),
        )
        for r in rows
    ]
