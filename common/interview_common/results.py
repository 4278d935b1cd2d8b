"""Evaluation and report shapes: stored as JSON by the ai-worker, served as-is by backend-core.

LLM backends must produce exactly these (validated); anything else falls back to the local
rubric scorer.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class ResultsStatus(StrEnum):
    PENDING = "pending"  # the interview is still going on
    PROCESSING = "processing"  # finished; evaluations and the report are being produced
    READY = "ready"  # the report is stored
    FAILED = "failed"  # no report can be produced; `reason` says why


class Recommendation(StrEnum):
    STRONG_HIRE = "strong_hire"
    HIRE = "hire"
    HOLD = "hold"
    NO_HIRE = "no_hire"


class RubricScores(BaseModel):
    """Each dimension 0–100."""

    model_config = ConfigDict(extra="forbid")

    relevance: int = Field(ge=0, le=100, description="answers the question that was asked")
    specificity: int = Field(
        ge=0, le=100, description="specificity and evidence: situation, task, action, result, numbers"
    )
    clarity: int = Field(ge=0, le=100, description="structure and plainness of the answer")
    depth: int = Field(ge=0, le=100, description="reasons, trade-offs, technical depth")


class Evaluation(BaseModel):
    """The evaluation of one answer."""

    model_config = ConfigDict(extra="forbid")

    score: int = Field(ge=0, le=100)
    rubric: RubricScores
    strengths: list[str] = Field(min_length=1, max_length=5, description="Korean sentences")
    improvements: list[str] = Field(min_length=1, max_length=5, description="Korean sentences")
    summary: str = Field(min_length=1, max_length=500, description="one or two Korean sentences")
    source: str = Field(default="local", description="which backend produced it: local, openai, transformers")


class ReportItem(BaseModel):
    order: int
    question: str
    answer: str | None
    score: int | None
    summary: str | None


class SessionReport(BaseModel):
    """The session report a recruiter reads; computed once when the interview is over."""

    overall_score: int = Field(ge=0, le=100)
    rubric: RubricScores = Field(description="mean of each dimension over the answered questions")
    items: list[ReportItem]
    strengths: list[str]
    improvements: list[str]
    recommendation: Recommendation
    recommendation_reason: str
    answered: int
    asked: int
