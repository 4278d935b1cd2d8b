"""The PDF report: rendered and stored by the worker once the results are ready, its Korean text
extractable, rendered again only when what it shows changes, served only to whoever may read the
results; page images go to test-artifacts/pdf/."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from pypdf import PdfReader
from sqlalchemy import Engine
from sqlalchemy import text as sql

from interview_common.consent import EMOTION_CAVEAT
from interview_common.models import (
    EmotionAnalysis,
    EmotionTimeline,
    InterviewQuestion,
    InterviewSession,
    QuestionEmotionSummary,
)
from interview_common.report_pdf import render
from interview_common.results import SessionReport
from tests.conftest import RunningStack, create_recruiter, create_session, register, wait_until
from tests.interview_script import BACKEND_ANSWERS, answer, questions, wait_for_question, wait_for_results

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "pdf"
pytestmark = pytest.mark.timeout(240)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_report_pdf_of_an_interview(stack: RunningStack, api: httpx.Client, db: Engine) -> None:
    candidate = register(api)
    session = create_session(api, candidate, emotion_analysis=False)
    sid = session["id"]
    early = api.get(f"/sessions/{sid}/report.pdf", headers=candidate.headers)
    assert early.status_code == 409
    assert "not ready" in early.json()["detail"]
    for order in (1, 2):
        question = wait_for_question(api, candidate, sid, order)
        answer(api, candidate, sid, question["id"], BACKEND_ANSWERS[order])
    assert api.post(f"/sessions/{sid}/finish", headers=candidate.headers).status_code == 200
    report = wait_for_results(api, candidate, sid, "ready")["report"]
    # Stored by the worker when the report became ready, before anyone asked for it.
    with db.connect() as conn:
        stored = wait_until(
            lambda: conn.execute(sql("SELECT pdf FROM reportpdf WHERE session_id = :s"), {"s": sid}).scalar(),
            timeout=30,
            what="the worker to store the report PDF",
        )

    response = api.get(f"/sessions/{sid}/report.pdf", headers=candidate.headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == f'attachment; filename="interview-{sid}-report.pdf"'
    assert response.headers["cache-control"] == "no-store"
    pdf = response.content
    assert pdf == bytes(stored)  # served as stored, not rendered again
    assert pdf.startswith(b"%PDF-")
    assert b"/FontFile2" in pdf  # the Korean font is embedded, not assumed on the reader's machine
    text = text_of(pdf)
    assert "AI 면접 결과 보고서" in text
    assert "테스터" in text  # the candidate's name as given
    assert f"{report['overall_score']}점 / 100" in text
    for q in questions(api, candidate, sid)[:2]:
        assert q["question_text"][:20] in text.replace("\n", " "), q["question_text"]
    assert "표정 분석" not in text  # not opted in: not in the report at all
    assert "사람 검토" in text

    # Stored: the same bytes until something it shows changes; a review request changes it.
    assert api.get(f"/sessions/{sid}/report.pdf", headers=candidate.headers).content == pdf
    requested = api.post(
        f"/sessions/{sid}/review-request", json={"reason": "점수를 다시 봐 주세요"}, headers=candidate.headers
    )
    assert requested.status_code == 201, requested.text
    after = api.get(f"/sessions/{sid}/report.pdf", headers=candidate.headers).content
    assert "사람 검토를 요청했습니다" in text_of(after)

    # The recruiter may download it (a logged read of the results); another candidate may not.
    recruiter = create_recruiter(stack, api)
    assert api.get(f"/sessions/{sid}/report.pdf", headers=recruiter.headers).status_code == 200
    audit = api.get(f"/sessions/{sid}/audit", headers=candidate.headers).json()
    assert any(e["action"] == "results" and e["actor_username"] == recruiter.username for e in audit)
    assert api.get(f"/sessions/{sid}/report.pdf", headers=register(api).headers).status_code == 404

    # Page images for a person to look at.
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    (ARTIFACTS / "report.pdf").write_bytes(after)
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm is missing: apt-get install poppler-utils (make test installs it)"
    subprocess.run([pdftoppm, "-png", "-r", "70", str(ARTIFACTS / "report.pdf"), str(ARTIFACTS / "page")], check=True)
    assert sorted(p.name for p in ARTIFACTS.glob("page-*.png"))


def test_the_emotion_summary_appears_only_when_collected_and_with_its_caveat() -> None:
    now = datetime.now(UTC)
    interview = InterviewSession(
        id=7, user_id=1, user_name="한지원", position="백엔드", created_at=now, finished_at=now
    )
    question = InterviewQuestion(
        id=1, session_id=7, order=1, question_text="자기소개를 부탁드립니다.", answer_text="저는 결제 시스템을 만들었습니다.",
        score=70, evaluation={"score": 70, "summary": "구체적입니다."}, competency="보안",
    )  # fmt: skip
    report = SessionReport.model_validate(
        {
            "overall_score": 70, "rubric": {"relevance": 80, "specificity": 70, "clarity": 75, "depth": 60},
            "items": [], "strengths": ["수치를 들었습니다."], "improvements": ["결과를 먼저 말하세요."],
            "recommendation": "hire", "recommendation_reason": "구체적입니다.", "answered": 1, "asked": 1,
        }
    )  # fmt: skip
    collected = EmotionTimeline(
        session_id=7, status=EmotionAnalysis.COLLECTED, backend="minixception", caveat=EMOTION_CAVEAT, frames=10,
        timeline=[],
        per_question=[
            QuestionEmotionSummary(
                question_id=1, order=1, frames=10, no_face=2, multi_face=0,
                share={"happy": 0.75, "neutral": 0.25, "angry": 0, "disgust": 0, "fear": 0, "sad": 0, "surprise": 0},
            )
        ],
    )  # fmt: skip
    text = text_of(render(interview, [question], report, collected, job_title="결제 백엔드", competencies=["보안"]))
    assert "표정 분석 (참고용)" in text
    assert "57–74%" in text
    assert "기쁨 75%" in text
    assert "보안 70점" in text
    withdrawn = collected.model_copy(update={"status": EmotionAnalysis.NOT_COLLECTED, "frames": 0, "per_question": []})
    assert "표정 분석" not in text_of(render(interview, [question], report, withdrawn, job_title=None, competencies=[]))
