"""The candidate's résumé: upload (PDF, DOCX or text, up to 5 MB), read back, delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Response, UploadFile, status
from starlette.concurrency import run_in_threadpool

from backend_core import resumes
from backend_core.api.deps import BriefUser, CurrentUser, SessionDep, http_error, run_briefly
from interview_common.flow import InterviewError
from interview_common.models import Role, User
from interview_common.resume import MAX_RESUME_BYTES, ResumePublic

router = APIRouter(prefix="/resume", tags=["resume"])

_CHUNK = 256 * 1024


def _candidate(user: User) -> int:
    if user.role is not Role.CANDIDATE:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Only candidates have a résumé here.")
    assert user.id is not None
    return user.id


async def _read_bounded(file: UploadFile) -> bytes:
    """The upload's bytes, refusing (413) as soon as they pass the limit."""
    chunks: list[bytes] = []
    size = 0
    while chunk := await file.read(_CHUNK):
        size += len(chunk)
        if size > MAX_RESUME_BYTES:
            raise HTTPException(
                status.HTTP_413_CONTENT_TOO_LARGE,
                f"The file is larger than {MAX_RESUME_BYTES // 1_048_576} MB, the most a résumé may be.",
            )
        chunks.append(chunk)
    return b"".join(chunks)


@router.post("", response_model=ResumePublic, status_code=status.HTTP_201_CREATED)
async def upload_resume(
    user: BriefUser,
    file: UploadFile,
    notice_version: Annotated[str | None, Form(max_length=64)] = None,
) -> ResumePublic:
    """Upload your résumé (replacing an earlier one). Its type is judged by content; the text is kept, the
    file is not. 413 over 5 MB, 415 for other kinds of file, 422 for an encrypted, scanned or damaged one."""
    user_id = _candidate(user)
    try:
        resumes.check_notice(notice_version)
        data = await _read_bounded(file)
        # Parsing takes a while on a big PDF: in the thread pool, holding no database slot meanwhile.
        kind, text = await run_in_threadpool(resumes.read_file, data)
        return await run_briefly(
            lambda db: resumes.save(
                db,
                user_id=user_id,
                filename=file.filename,
                data=data,
                kind=kind,
                text=text,
                notice_version=str(notice_version).strip(),
            )
        )
    except InterviewError as exc:
        http_error(exc)


@router.get("", response_model=ResumePublic)
def read_resume(session: SessionDep, user: CurrentUser) -> ResumePublic:
    """Your résumé as the interviewer sees it: its sections and passages. 404 when you have none."""
    try:
        return resumes.read(session, _candidate(user))
    except InterviewError as exc:
        http_error(exc)


@router.delete("", status_code=status.HTTP_204_NO_CONTENT, response_class=Response)
def delete_resume(session: SessionDep, user: CurrentUser) -> Response:
    """Delete your résumé and its passages; questions already asked keep their text."""
    try:
        resumes.remove(session, _candidate(user))
    except InterviewError as exc:
        http_error(exc)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
