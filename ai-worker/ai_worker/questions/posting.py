"""The job posting, read the way an interviewer reads it: which of its requirements a competency is about.

A posting is a list of duties and requirements under headings ("주요 업무", "자격 요건", "우대 사항").
Each line (a long paragraph: each sentence) is a passage, prefixed with its heading. For the competency
the planner is about to ask, the passages closest in meaning are retrieved: the local planner asks the
bank question closest to them, and a language model sees them in its prompt.
"""

from __future__ import annotations

import re
from functools import lru_cache

from interview_common.embeddings import cosine, embed
from interview_common.positions.bank import bank_for
from interview_common.positions.families import Family

# Passages retrieved per competency: a requirement and the duty beside it.
RETRIEVED = 2
# A passage after the first is kept only this close to the best one: the hashing embedding gives
# unrelated lines about 0.15-0.2 for shared filler ("경험"), and a model should not read those as the point.
_RELATIVE_FLOOR = 0.8
# Postings are short; a very long one is read up to this many passages.
MAX_PASSAGES = 80
_MIN_PASSAGE_CHARS = 6
_MAX_HEADING_CHARS = 20
_BULLET = re.compile(r"^\s*(?:[-–—*•·▪◦○●✓✔►▸]|\d{1,2}[.)](?!\d))\s*")
_HEADING_DECORATION = re.compile(r"^[\s#■□▶▷●○◆◇*\-–—=\[【<《]+|[\s\]】>》:：\-–—=]+$")
# Sentence ends of a paragraph: a full stop after a Korean ending or a word, not inside a number.
_SENTENCE_END = re.compile(r"(?<=[다요함음됨임\w])[.!?](?!\d)\s+")


def _heading(line: str) -> str | None:
    """A short line that introduces a list ("자격 요건", "[우대 사항]", "담당 업무:"), else None."""
    if _BULLET.match(line):
        return None
    bare = _HEADING_DECORATION.sub("", line).strip()
    ends_like_heading = line.rstrip().endswith((":", "：", "]", "】")) or line.lstrip().startswith(
        ("[", "【", "#", "■")
    )
    if bare and len(bare) <= _MAX_HEADING_CHARS and (ends_like_heading or len(bare.split()) <= 2):
        return bare
    return None


@lru_cache(maxsize=64)
def posting_passages(description: str) -> tuple[str, ...]:
    """The posting's duties and requirements, one per passage, each prefixed with its heading."""
    passages: list[str] = []
    heading: str | None = None
    for raw in description.replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            continue
        found = _heading(line)
        if found is not None:
            heading = found
            continue
        body = _BULLET.sub("", line).strip()
        parts = _SENTENCE_END.split(body)
        for part in parts:
            part = part.strip()
            if len(part) >= _MIN_PASSAGE_CHARS:
                passages.append(f"{heading}: {part}" if heading else part)
    return tuple(passages[:MAX_PASSAGES])


@lru_cache(maxsize=64)
def _embedded(description: str) -> tuple[tuple[str, list[float]], ...]:
    return tuple((passage, embed(passage)) for passage in posting_passages(description))


def competency_query(family: Family, competency: str) -> str:
    """What a competency is about, in words retrieval can match: its name and the bank's questions on it."""
    return " ".join([competency, *(q.text for q in bank_for(family) if q.competency == competency)])


def closest_requirements(description: str, query: str, limit: int = RETRIEVED) -> list[str]:
    """The posting's passages closest in meaning to `query`, best first; those far behind the best are left out."""
    if not description.strip():
        return []
    vector = embed(query)
    scored = [(cosine(vector, v), passage) for passage, v in _embedded(description)]
    scored.sort(key=lambda item: -item[0])
    if not scored or scored[0][0] <= 0:
        return []
    floor = scored[0][0] * _RELATIVE_FLOOR
    return [passage for score, passage in scored[:limit] if score >= floor]
