"""Questions grounded in the candidate's résumé: which passage to ask about, and how to name it.

For the competency it is about to ask, the planner retrieves the résumé passages closest to that
competency's questions (pgvector in the worker, `InMemoryPassages` in tests and benchmarks) and asks
about the candidate's own project by the name the résumé gives it: "이력서에 적힌 ‘실시간 정산
파이프라인 구축’ 프로젝트를 성능의 관점에서 …". The name is always a span of the passage's own text,
so a question never cites what the résumé does not say.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ai_worker.questions.korean import josa, key_terms
from interview_common.embeddings import cosine, embed

# Sections whose entries are the candidate's own work: what an interviewer asks about by name.
GROUNDABLE_SECTIONS = ("projects", "experience")
# Passages retrieved per competency; the planner takes the first one not yet cited that has a name.
RETRIEVED = 4
# At most this share of an interview's questions cite the résumé (at least one): an interviewer also
# asks what the résumé does not cover.
MAX_GROUNDED_SHARE = 0.4
_MIN_NAME_CHARS = 3
_MAX_NAME_CHARS = 40

_BULLET = re.compile(r"^\s*(?:[-–—*•·▪◦○●✓✔►▸]|\d{1,2}[.)](?!\d))\s*")
_DATE_RANGE = re.compile(
    r"[(\[]?\s*(?:19|20)\d{2}(?:\s*[./-]\s*\d{1,2})?(?:\s*년(?:\s*\d{1,2}\s*월)?)?\s*"
    r"(?:[~–—-]\s*(?:(?:19|20)\d{2}(?:\s*[./-]\s*\d{1,2})?(?:\s*년(?:\s*\d{1,2}\s*월)?)?|현재|재직\s*중|present|now)\s*)?[)\]]?",
    re.IGNORECASE,
)
_EMPTY_BRACKETS = re.compile(r"[(\[]\s*[)\]]")
# A title line is a name, not a sentence: sentences end in a verb ending.
_SENTENCE_END = re.compile(r"(?:다|요|음|함|됨|임)[.!]?$")
_KIND_WORDS = {"projects": "프로젝트", "experience": "경험"}

GROUNDED_TEMPLATES = (
    "이력서에 적힌 {subject|을/를} {label}의 관점에서 돌아볼 때, 가장 어려웠던 문제는 무엇이었고 지원자님이 직접 "
    "어떻게 해결하셨나요?",
    "이력서에 적어 주신 {subject}에서 {label|과/와} 관련해 지원자님이 내린 가장 중요한 결정은 무엇이었고, 그 결과는 "
    "어떻게 확인하셨나요?",
)
_PLACEHOLDER = re.compile(r"\{(subject|label)(?:\|([^}]+))?\}")


@dataclass(frozen=True)
class ResumePassageRef:
    """A résumé passage the planner may cite (interview_common.models.ResumePassage, read-only)."""

    id: int
    section: str
    text: str


class PassageSource(Protocol):
    """Retrieval over one candidate's résumé."""

    def closest(self, query: str, limit: int) -> Sequence[ResumePassageRef]:
        """The groundable passages closest in meaning to `query`, best first."""
        ...


class InMemoryPassages:
    """The same retrieval over passages held in memory (tests, benchmarks): cosine on `embed`."""

    def __init__(self, passages: Sequence[ResumePassageRef]) -> None:
        self._passages = [(p, embed(p.text)) for p in passages if p.section in GROUNDABLE_SECTIONS]

    def closest(self, query: str, limit: int) -> Sequence[ResumePassageRef]:
        vector = embed(query)
        ranked = sorted(self._passages, key=lambda item: -cosine(vector, item[1]))
        return [p for p, _ in ranked[:limit]]


def max_grounded(total: int) -> int:
    return max(1, math.floor(total * MAX_GROUNDED_SHARE))


def _title(line: str) -> str:
    title = _BULLET.sub("", line)
    title = title.split(" | ")[0]
    title = _EMPTY_BRACKETS.sub("", _DATE_RANGE.sub(" ", title))
    return " ".join(title.split()).strip(" -–—:：,·")


def _plausible(name: str) -> bool:
    letters = sum(c.isalpha() for c in name)
    return _MIN_NAME_CHARS <= len(name) <= _MAX_NAME_CHARS and letters >= 2 and not _SENTENCE_END.search(name)


def passage_name(passage: ResumePassageRef) -> str | None:
    """What the candidate called this piece of work, as written in the passage; None when it names nothing.

    A project entry's title line ("실시간 정산 파이프라인 구축 (2022.01 – 2022.12)" → "실시간 정산 파이프라인
    구축"); for an employment entry, whose title is the employer, a bullet that is a name by itself, else
    the most specific term of its body.
    """
    lines = [line for line in passage.text.split("\n") if line.strip()]
    if not lines:
        return None
    if passage.section == "projects":
        title = _title(lines[0])
        if _plausible(title) and title in passage.text:
            return title
    body_lines = lines[1:] if len(lines) > 1 else lines
    # A bullet that is itself a name ("- 주문 관리 시스템 유지보수"), not a sentence, says it best.
    for line in body_lines:
        title = _title(line)
        if len(title.split()) >= 2 and _plausible(title) and title in passage.text:
            return title
    for term in key_terms("\n".join(body_lines), limit=6):
        if len(term.split()) >= 2 and _plausible(term) and term in passage.text:
            return term
    return None


def _subject(name: str, section: str) -> str:
    kind = _KIND_WORDS.get(section, "경험")
    quoted = f"‘{name}’"
    return quoted if name.endswith(kind) else f"{quoted} {kind}"


def grounded_question(template: str, *, name: str, section: str, label: str) -> str:
    values = {"subject": _subject(name, section), "label": label}

    def fill(match: re.Match[str]) -> str:
        word = values[match.group(1)]
        return josa(word, match.group(2)) if match.group(2) else word

    return _PLACEHOLDER.sub(fill, template)


def prompt_excerpt(passage: ResumePassageRef, limit: int) -> str:
    text = " / ".join(line.strip() for line in passage.text.split("\n") if line.strip())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cites(question: str, passage: ResumePassageRef) -> bool:
    """Whether a generated question names something of the passage (its name or one of its terms)."""
    name = passage_name(passage)
    names = [name] if name else []
    names += [t for t in key_terms(passage.text, limit=6) if len(t) >= 3]
    return any(n in question for n in names)
