"""What question generation and evaluation know about an interview: plain data, no database."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ai_worker.questions.grounding import PassageSource
from interview_common.positions.families import Family, family_of


class QuestionKind(StrEnum):
    OPENER = "opener"  # the first question of every interview
    COMPETENCY = "competency"  # a new topic from the position family's bank
    FOLLOW_UP = "follow_up"  # digs into the candidate's previous answer
    CLOSING = "closing"  # the last question
    FALLBACK = "fallback"  # generation failed or was rejected; from the fallback pool


@dataclass(frozen=True)
class QA:
    order: int
    question: str
    answer: str | None = None
    competency: str | None = None
    passage_id: int | None = None  # the résumé passage the question cited


@dataclass(frozen=True)
class QuestionContext:
    """Everything needed to choose question number `order` of `total`."""

    position: str
    order: int
    total: int
    history: tuple[QA, ...] = ()
    # An interview for a job: its family (instead of guessing from the title), the competencies to
    # cover in order, and key terms of its posting.
    job_family: Family | None = None
    competencies: tuple[str, ...] = ()
    job_terms: tuple[str, ...] = ()
    job_description: str = ""
    # The candidate's résumé, for questions grounded in it; None without one.
    resume: PassageSource | None = None
    family: Family = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "family", self.job_family or family_of(self.position))

    @property
    def asked(self) -> list[str]:
        return [qa.question for qa in self.history]

    @property
    def last_answer(self) -> str | None:
        return self.history[-1].answer if self.history else None


@dataclass(frozen=True)
class PlannedQuestion:
    text: str
    kind: QuestionKind
    source: str  # "local", "openai", "transformers" or "fallback"
    key_terms: tuple[str, ...] = ()  # for a follow-up: the terms of the previous answer it asks about
    competency: str | None = None  # for a competency question: the bank's competency it covers
    passage_id: int | None = None  # for a grounded question: the résumé passage it asks about
