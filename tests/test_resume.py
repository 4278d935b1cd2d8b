"""Résumé upload over HTTP, against the real stack: what is kept, what is refused, and the questions.

Good files of each kind (a PDF with an embedded Korean font, a DOCX named .pdf, CP949 text) become
the same sections; bad ones (a PNG renamed .pdf, over 5 MB, a password-protected PDF, a scan, a zip
bomb DOCX, a Flate bomb PDF, a damaged PDF) get 4xx with a message that says what to do, and the résumé already
there is untouched. The real worker then asks about a project of the résumé, and the recruiter sees
the passage next to the question; deleting the résumé leaves the question and drops the link.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from interview_common.resume import MAX_RESUME_BYTES
from tests.conftest import Account, RunningStack, create_recruiter, create_session, register
from tests.interview_script import answer, questions, wait_for_question
from tests.resume_files import (
    BACKEND_PROJECTS,
    BACKEND_RESUME,
    encrypted_pdf,
    flate_bomb_pdf,
    image_only_pdf,
    png_bytes,
    resume_docx,
    resume_pdf,
    upload,
    upload_resume,
    zip_bomb_docx,
)

pytestmark = pytest.mark.timeout(240)


def sections(resume: dict[str, Any]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for section in resume["sections"]:
        out.setdefault(section["kind"], []).extend(p["text"] for p in section["passages"])
    return out


def current(api: httpx.Client, account: Account) -> httpx.Response:
    return api.get("/resume", headers=account.headers)


def test_pdf_docx_and_text_resumes_become_sections_and_replace_each_other(api: httpx.Client) -> None:
    candidate = register(api)
    missing = current(api, candidate)
    assert missing.status_code == 404
    assert missing.json()["detail"] == "You have not uploaded a résumé."

    pdf = upload(api, candidate, resume_pdf(), "김지원_이력서.pdf")
    assert pdf.status_code == 201, pdf.text
    stored = pdf.json()
    assert stored["media_type"] == "pdf"
    assert stored["filename"] == "김지원_이력서.pdf"
    found = sections(stored)
    assert {"experience", "projects", "skills", "education"} <= set(found)
    assert found["projects"][0].startswith("실시간 정산 파이프라인 구축")
    assert "Redis Pub/Sub" in found["projects"][1]
    assert current(api, candidate).json() == stored

    # A DOCX is a DOCX whatever its name says; its table (the skills) is read too.
    docx = upload(api, candidate, resume_docx(), "resume.pdf")
    assert docx.status_code == 201, docx.text
    assert docx.json()["media_type"] == "docx"
    assert "Spring Boot" in " ".join(sections(docx.json())["skills"])
    assert docx.json()["id"] != stored["id"]  # replaced, not added
    assert current(api, candidate).json()["media_type"] == "docx"

    # Plain text in CP949 (what older Korean editors save) with a folder in its name.
    legacy = BACKEND_RESUME.replace("–", "~")  # CP949 has no en dash
    text = upload(api, candidate, legacy.encode("cp949"), "C:\\Users\\me\\이력서.txt")
    assert text.status_code == 201, text.text
    assert text.json()["media_type"] == "text"
    assert text.json()["filename"] == "이력서.txt"
    projects = sections(text.json())["projects"]
    assert [p.replace("~", "–") for p in projects] == sections(stored)["projects"]

    assert api.delete("/resume", headers=candidate.headers).status_code == 204
    assert current(api, candidate).status_code == 404
    again = api.delete("/resume", headers=candidate.headers)
    assert again.status_code == 404


BAD_UPLOADS = [
    ("png renamed to .pdf", png_bytes, "resume.pdf", 415, "This file is a PNG image"),
    ("password-protected PDF", encrypted_pdf, "resume.pdf", 422, "protected with a password"),
    ("scanned PDF without text", image_only_pdf, "scan.pdf", 422, "looks like a scan"),
    ("zip bomb DOCX", zip_bomb_docx, "resume.docx", 422, "would unpack to 200 MB"),
    ("damaged PDF", lambda: resume_pdf()[:3000], "resume.pdf", 422, "damaged"),
    ("decompression bomb PDF", flate_bomb_pdf, "resume.pdf", 422, "decompression bomb"),
    ("Excel workbook renamed", None, "resume.docx", 415, "an Excel workbook"),
    ("old Word file", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "resume.doc", 415, "old Word"),
    ("binary noise", lambda: bytes(range(256)) * 40, "resume.txt", 415, "a binary file"),
    ("almost empty", lambda: "이력서".encode(), "resume.txt", 422, "almost no text"),
    ("empty file", lambda: b"", "resume.txt", 400, "The file is empty."),
]


def _xlsx() -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("case", "make", "filename", "status", "message"), BAD_UPLOADS, ids=[b[0] for b in BAD_UPLOADS]
)
def test_bad_uploads_are_refused_with_a_reason_and_lose_nothing(
    api: httpx.Client, candidate: Account, case: str, make: Any, filename: str, status: int, message: str
) -> None:
    kept = upload_resume(api, candidate)
    data = _xlsx() if make is None else make()
    response = upload(api, candidate, data, filename)
    assert response.status_code == status, response.text
    assert message in response.json()["detail"], response.json()
    assert response.headers["x-request-id"]
    assert current(api, candidate).json() == kept  # the earlier résumé is untouched


def test_size_limit_consent_and_role(stack: RunningStack, api: httpx.Client, candidate: Account) -> None:
    kept = upload_resume(api, candidate)
    # Just over 5 MB: the body fits the upload route's cap, the file does not.
    over = upload(api, candidate, b"a" * (MAX_RESUME_BYTES + 1), "big.txt")
    assert over.status_code == 413
    assert "larger than 5 MB" in over.json()["detail"]
    # Far over: refused from the declared length, before the body is read.
    far = upload(api, candidate, b"a" * (MAX_RESUME_BYTES * 2), "huge.txt")
    assert far.status_code == 413
    assert "at most 5 MB" in far.json()["detail"]
    # Every other route keeps the ordinary 1 MiB cap.
    elsewhere = api.post("/sessions", content=b"{" + b" " * 1_200_000 + b"}", headers=candidate.headers)
    assert elsewhere.status_code == 413

    no_consent = upload(api, candidate, BACKEND_RESUME.encode(), "resume.txt", notice_version=None)
    assert no_consent.status_code == 400
    assert "Agree to the résumé notice" in no_consent.json()["detail"]
    stale = upload(api, candidate, BACKEND_RESUME.encode(), "resume.txt", notice_version="2020-01-01.deadbeef")
    assert stale.status_code == 409
    assert "notice changed" in stale.json()["detail"]
    assert current(api, candidate).json() == kept

    recruiter = create_recruiter(stack, api)
    refused = upload(api, recruiter, BACKEND_RESUME.encode(), "resume.txt")
    assert refused.status_code == 403
    assert api.get("/resume").status_code == 401

    notice = api.get("/consent/notice").json()
    assert notice["resume"]["key"] == "resume"
    assert "파일 자체는 저장하지 않음" in notice["resume"]["data"]["ko"]
    assert notice["resume"] not in notice["items"]


def test_the_worker_asks_about_a_project_of_the_resume_and_the_recruiter_sees_the_passage(
    stack: RunningStack, api: httpx.Client
) -> None:
    candidate = register(api)
    upload(api, candidate, resume_pdf(), "이력서.pdf").raise_for_status()
    sid = int(create_session(api, candidate, emotion_analysis=False)["id"])
    first = wait_for_question(api, candidate, sid, 1)
    assert first["resume_passage"] is None  # the opener is about the candidate, not the résumé
    answer(api, candidate, sid, first["id"], "네, 잘 부탁드립니다.")
    second = wait_for_question(api, candidate, sid, 2)
    assert second["resume_passage"] is not None, second["question_text"]
    assert second["question_text"].startswith("이력서에")
    name = re.search(r"‘([^’]+)’", second["question_text"])
    assert name
    assert name.group(1) in second["resume_passage"]["text"]
    assert name.group(1) in BACKEND_PROJECTS  # a project's own title, not an employer or a skill
    assert second["resume_passage"]["section"] in ("projects", "experience")
    assert second["competency"]

    recruiter = create_recruiter(stack, api)
    seen = api.get(f"/sessions/{sid}/questions", headers=recruiter.headers).json()
    assert seen[1]["resume_passage"] == second["resume_passage"]

    # Deleting the résumé keeps the question, as asked, and drops its link to the passage.
    assert api.delete("/resume", headers=candidate.headers).status_code == 204
    after = questions(api, candidate, sid)
    assert after[1]["question_text"] == second["question_text"]
    assert after[1]["resume_passage"] is None
    # The interview goes on without a résumé: the next question cites nothing.
    answer(api, candidate, sid, second["id"], "네.")
    third = wait_for_question(api, candidate, sid, 3)
    assert third["resume_passage"] is None
    assert "이력서" not in third["question_text"]
