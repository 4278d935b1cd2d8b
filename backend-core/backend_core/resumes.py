"""A candidate's résumé: upload (replacing the earlier one), read back, delete.

The file is read and checked by backend_core.resume_files; only its text, cut into passages by
interview_common.resume and embedded for retrieval, is kept. Questions grounded in a passage keep
their text when the résumé goes; their link to the passage becomes null (ON DELETE SET NULL).
"""

from __future__ import annotations

import hashlib
import logging
import os
import unicodedata

from sqlalchemy import delete
from sqlmodel import Session, col, select

from backend_core.resume_files import extract_text
from interview_common.consent import current_notice
from interview_common.embeddings import embed
from interview_common.flow import Conflict, InterviewError, NotFound
from interview_common.models import Resume, ResumePassage
from interview_common.resume import PassagePublic, ResumePublic, Section, SectionPublic, split_passages

logger = logging.getLogger(__name__)

_MAX_FILENAME = 255


class ConsentMissing(InterviewError):
    status_code = 400


def display_name(filename: str | None) -> str:
    """The file's own name without any folder part or control characters ("résumé" when it has none)."""
    name = os.path.basename((filename or "").replace("\\", "/"))
    name = "".join(c for c in unicodedata.normalize("NFC", name) if unicodedata.category(c)[0] != "C").strip()
    return name[-_MAX_FILENAME:] or "résumé"


def check_notice(notice_version: str | None) -> None:
    if not notice_version or not notice_version.strip():
        raise ConsentMissing("Agree to the résumé notice before uploading (notice_version is missing).")
    current = current_notice().version
    if notice_version.strip() != current:
        raise Conflict(
            f"The notice changed since you read it (you agreed to {notice_version.strip()[:40]}, the current one is "
            f"{current}). Read it again and agree to upload your résumé."
        )


def read_file(data: bytes) -> tuple[str, str]:
    """(kind, text) of the upload; Refused (an InterviewError) with the reason when it is unusable."""
    kind, text = extract_text(data)
    return kind.value, text


def save(
    db: Session, *, user_id: int, filename: str | None, data: bytes, kind: str, text: str, notice_version: str
) -> ResumePublic:
    """Store the résumé's text and passages in place of the candidate's earlier résumé, in one transaction."""
    passages = split_passages(text)
    db.exec(delete(Resume).where(col(Resume.user_id) == user_id))  # type: ignore[call-overload]
    resume = Resume(
        user_id=user_id,
        filename=display_name(filename),
        media_type=kind,
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        notice_version=notice_version,
    )
    db.add(resume)
    db.flush()
    assert resume.id is not None
    for ordinal, passage in enumerate(passages):
        db.add(
            ResumePassage(
                resume_id=resume.id,
                ordinal=ordinal,
                section=passage.section.value,
                heading=passage.heading[:120] if passage.heading else None,
                text=passage.text,
                embedding=embed(f"{passage.heading or ''}\n{passage.text}"),
            )
        )
    db.commit()
    logger.info(
        "resume stored",
        extra={"user_id": user_id, "resume_id": resume.id, "kind": kind, "bytes": len(data), "passages": len(passages)},
    )
    return public(db, resume)


def of_user(db: Session, user_id: int) -> Resume | None:
    return db.exec(select(Resume).where(Resume.user_id == user_id)).first()


def passages_of(db: Session, resume_id: int) -> list[ResumePassage]:
    query = select(ResumePassage).where(ResumePassage.resume_id == resume_id).order_by(col(ResumePassage.ordinal))
    return list(db.exec(query))


def public(db: Session, resume: Resume) -> ResumePublic:
    assert resume.id is not None
    sections: list[SectionPublic] = []
    for passage in passages_of(db, resume.id):
        assert passage.id is not None
        item = PassagePublic(id=passage.id, text=passage.text)
        if sections and sections[-1].kind == passage.section and sections[-1].heading == passage.heading:
            sections[-1].passages.append(item)
        else:
            sections.append(SectionPublic(kind=Section(passage.section), heading=passage.heading, passages=[item]))
    return ResumePublic(
        id=resume.id,
        filename=resume.filename,
        media_type=resume.media_type,
        size_bytes=resume.size_bytes,
        characters=len(resume.text),
        uploaded_at=resume.uploaded_at,
        notice_version=resume.notice_version,
        sections=sections,
    )


def read(db: Session, user_id: int) -> ResumePublic:
    resume = of_user(db, user_id)
    if resume is None:
        raise NotFound("You have not uploaded a résumé.")
    return public(db, resume)


def remove(db: Session, user_id: int) -> None:
    removed = db.exec(delete(Resume).where(col(Resume.user_id) == user_id)).rowcount  # type: ignore[call-overload]
    db.commit()
    if not removed:
        raise NotFound("You have not uploaded a résumé.")
    logger.info("resume deleted", extra={"user_id": user_id})
