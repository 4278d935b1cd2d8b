"""A candidate's résumé as the platform keeps it: sections, passages, and the shapes the API returns.

The text comes from the uploaded file (backend_core.resume_files); here it is cut into passages by
section, the unit the question planner retrieves and cites. Headings are recognised in Korean and
English ("경력 사항", "Work Experience"); within a section an entry starts at a title line after
bullet lines or after a blank line, so one project with its bullets is one passage.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlmodel import Session, SQLModel, col, select

from interview_common.models import InterviewQuestion, PassageRef, ResumePassage

# The upload limit the product promises; the request body may be a little larger (multipart framing).
MAX_RESUME_BYTES = 5 * 1024 * 1024
MAX_RESUME_BODY_BYTES = MAX_RESUME_BYTES + 64 * 1024
# Beyond these a résumé is not a résumé any more; what is past them is not kept.
MAX_TEXT_CHARS = 60_000
MAX_PASSAGES = 120
# A passage longer than this is split at line ends: retrieval and prompts want focused pieces.
MAX_PASSAGE_CHARS = 700
_MAX_HEADING_CHARS = 30


class Section(StrEnum):
    SUMMARY = "summary"
    EXPERIENCE = "experience"
    PROJECTS = "projects"
    SKILLS = "skills"
    EDUCATION = "education"
    OTHER = "other"


# Normalised (lower case, no spaces or punctuation) heading words of each section.
_HEADINGS: dict[Section, tuple[str, ...]] = {
    Section.SUMMARY: (
        "자기소개", "소개", "요약", "프로필", "자기소개서", "introduction", "summary", "profile", "about", "aboutme",
        "objective",
    ),
    Section.EXPERIENCE: (
        "경력", "경력사항", "경력기술서", "경력기술", "직무경험", "업무경험", "근무경력", "경험", "주요경력", "experience",
        "workexperience", "professionalexperience", "employment", "employmenthistory", "career", "workhistory",
    ),
    Section.PROJECTS: (
        "프로젝트", "프로젝트경험", "주요프로젝트", "프로젝트경력", "수행프로젝트", "사이드프로젝트", "개인프로젝트",
        "projects", "project", "projectexperience", "keyprojects", "sideprojects", "personalprojects",
    ),
    Section.SKILLS: (
        "기술", "기술스택", "보유기술", "스킬", "핵심역량", "기술역량", "skills", "technicalskills", "techstack",
        "technologies", "skillset",
    ),
    Section.EDUCATION: ("학력", "학력사항", "교육", "교육이수", "교육사항", "education"),
    Section.OTHER: (
        "수상", "수상경력", "수상내역", "자격증", "자격", "자격사항", "어학", "대외활동", "활동", "논문", "awards",
        "certifications", "certificates", "languages", "activities", "publications",
    ),
}  # fmt: skip
_HEADING_OF = {word: section for section, words in _HEADINGS.items() for word in words}
_HEADING_DECORATION = re.compile(r"^[\s#■□▶▷●○◆◇*\-–—=\[【<《(]+|[\s\]】>》):：\-–—=]+$")
_PARENTHESISED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NOT_WORD = re.compile(r"[^\w]+")
_DATES = re.compile(r"(?:19|20)\d{2}\s*(?:[./-]\s*\d{1,2}|년)")
_MAX_TITLE_CHARS = 50
_BULLET = re.compile(r"^\s*(?:[-–—*•·▪◦○●✓✔►▸]|\d{1,2}[.)](?!\d))\s*")


def heading_section(line: str) -> Section | None:
    """The section a line is the heading of ("■ 경력 사항", "Work Experience:"), or None."""
    stripped = _HEADING_DECORATION.sub("", line.strip())
    if not stripped or len(stripped) > _MAX_HEADING_CHARS:
        return None
    key = _NOT_WORD.sub("", _PARENTHESISED.sub("", unicodedata.normalize("NFKC", stripped)).lower())
    return _HEADING_OF.get(key)


def clean_text(text: str) -> str:
    """Readable text: NFC, no control characters, single spaces, at most one blank line in a row."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()[:MAX_TEXT_CHARS]


@dataclass(frozen=True)
class Passage:
    section: Section
    heading: str | None
    text: str


def _is_title(lines: list[str], i: int) -> bool:
    """Whether a line after bullets opens a new entry rather than continuing a wrapped bullet: it carries
    dates or separators ("2021.03 – 2023.01", "회사 | 직무"), or it is short and bullets follow it."""
    line = lines[i]
    if _DATES.search(line) or " | " in line:
        return True
    following = lines[i + 1] if i + 1 < len(lines) else ""
    return len(line) <= _MAX_TITLE_CHARS and bool(following) and bool(_BULLET.match(following))


def _entries(lines: list[str]) -> list[list[str]]:
    """A section's lines grouped into entries: a blank line, or a title line after bullets, starts one."""
    entries: list[list[str]] = []
    current: list[str] = []
    previous_bullet = False
    for i, line in enumerate(lines):
        if not line:
            if current:
                entries.append(current)
            current, previous_bullet = [], False
            continue
        bullet = bool(_BULLET.match(line))
        title = bool(current) and not bullet and previous_bullet and _is_title(lines, i)
        if title:
            entries.append(current)
            current = []
        current.append(line)
        # A wrapped bullet's second line is still inside the bullets.
        previous_bullet = bullet or (previous_bullet and not title)
    if current:
        entries.append(current)
    return entries


def _bounded(lines: list[str]) -> list[str]:
    """One entry's text, split at line ends into pieces of at most MAX_PASSAGE_CHARS."""
    pieces: list[str] = []
    current = ""
    for line in lines:
        line = line[:MAX_PASSAGE_CHARS]
        if current and len(current) + 1 + len(line) > MAX_PASSAGE_CHARS:
            pieces.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        pieces.append(current)
    return pieces


def split_passages(text: str) -> list[Passage]:
    """The résumé's passages in reading order, each with its section and heading as written."""
    section, heading = Section.SUMMARY, None
    groups: list[tuple[Section, str | None, list[str]]] = [(section, heading, [])]
    for line in clean_text(text).split("\n"):
        found = heading_section(line) if line else None
        if found is not None:
            section, heading = found, _HEADING_DECORATION.sub("", line.strip())
            groups.append((section, heading, []))
        else:
            groups[-1][2].append(line)
    passages: list[Passage] = []
    for section, heading, lines in groups:
        for entry in _entries(lines):
            for piece in _bounded(entry):
                passages.append(Passage(section, heading, piece))
    return passages[:MAX_PASSAGES]


# ---------------------------------------------------------------- API shapes


class PassagePublic(SQLModel):
    id: int
    text: str


class SectionPublic(SQLModel):
    kind: Section
    heading: str | None
    passages: list[PassagePublic]


class ResumePublic(SQLModel):
    id: int
    filename: str
    media_type: str
    size_bytes: int
    characters: int
    uploaded_at: datetime
    notice_version: str
    sections: list[SectionPublic]


def cited_passages(db: Session, questions: Sequence[InterviewQuestion]) -> dict[int, PassageRef]:
    """The résumé passages these questions cite, by id, in one query (a deleted résumé's are gone)."""
    ids = {q.resume_passage_id for q in questions if q.resume_passage_id is not None}
    if not ids:
        return {}
    rows = db.exec(select(ResumePassage).where(col(ResumePassage.id).in_(ids)))
    return {p.id: PassageRef(id=p.id, section=p.section, text=p.text) for p in rows if p.id is not None}
