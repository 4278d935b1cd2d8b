"""Résumé to report in a real browser (Debian's Chromium through Playwright).

A candidate uploads a PDF résumé the test makes (Korean text, embedded font) on the start page,
after agreeing to the résumé notice; a renamed PNG is refused with the server's message first. The
interview that follows asks about a project of the résumé by name. The recruiter sees the passage
next to that question and downloads the PDF report, which cites it; the report's pages become
images in test-artifacts/e2e-resume/.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from pypdf import PdfReader

from tests.conftest import PASSWORD, RunningStack, create_recruiter, make_client
from tests.resume_files import BACKEND_PROJECTS, png_bytes, resume_pdf
from tests.test_e2e_browser import (  # noqa: F401 (the browser fixtures)
    QUESTION_TIMEOUT_MS,
    REPORT_TIMEOUT_MS,
    answer_by_typing,
    browser,
    browsing,
    built_web,
    finish_interview,
    fresh_folder,
    playwright,
    register_and_log_in,
    shot,
    start_interview,
)

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts" / "e2e-resume"
QUOTED = re.compile(r"‘([^’]+)’")

pytestmark = pytest.mark.timeout(420)


@pytest.fixture(scope="module")
def artifacts() -> Path:
    return fresh_folder(ARTIFACTS)


@pytest.fixture(scope="module")
def web(stack: RunningStack) -> str:
    return built_web(stack)


def test_a_resume_grounds_the_interview_and_the_recruiter_downloads_the_report(
    stack: RunningStack,
    web: str,
    browser: Browser,  # noqa: F811 (the fixture imported above)
    artifacts: Path,
) -> None:
    username = f"cv_{uuid.uuid4().hex[:8]}"
    with browsing(browser, artifacts, "candidate") as (page, _):
        register_and_log_in(page, web, artifacts, "01-candidate", username, "김지원")
        panel = page.get_by_test_id("resume-panel")
        expect(panel).to_be_visible()
        expect(page.get_by_test_id("resume-empty")).to_be_visible()
        expect(page.get_by_test_id("resume-notice-retention")).to_contain_text("삭제")

        # A picture renamed to .pdf: the server's reason is shown, nothing is stored.
        page.get_by_test_id("resume-consent").check()
        page.get_by_test_id("resume-file").set_input_files(
            {"name": "이력서.pdf", "mimeType": "application/pdf", "buffer": png_bytes()}
        )
        with page.expect_response(lambda r: r.url.endswith("/api/resume") and r.request.method == "POST") as refused:
            page.get_by_test_id("resume-upload").click()
        assert refused.value.status == 415
        expect(page.get_by_test_id("resume-error")).to_contain_text("PNG image")
        shot(page, artifacts, "02-candidate-wrong-file")

        page.get_by_test_id("resume-file").set_input_files(
            {"name": "김지원_이력서.pdf", "mimeType": "application/pdf", "buffer": resume_pdf()}
        )
        if not page.get_by_test_id("resume-consent").is_checked():
            page.get_by_test_id("resume-consent").check()
        with page.expect_response(lambda r: r.url.endswith("/api/resume") and r.request.method == "POST") as stored:
            page.get_by_test_id("resume-upload").click()
        assert stored.value.status == 201, stored.value.text()
        summary = page.get_by_test_id("resume-summary")
        expect(summary).to_contain_text("김지원_이력서.pdf")
        expect(page.get_by_test_id("resume-section-projects")).to_contain_text("실시간 정산 파이프라인 구축")
        expect(page.get_by_test_id("resume-section-experience")).to_be_visible()
        shot(page, artifacts, "03-candidate-resume")

        session_id = start_interview(page, artifacts, "04-candidate", "백엔드 개발자", emotion=False)
        page.get_by_test_id("device-continue").click()
        expect(page.get_by_test_id("interview-room")).to_be_visible()
        answer_by_typing(page, 1, "네, 잘 부탁드립니다.")

        current = page.get_by_test_id("question-current")
        expect(current).to_have_attribute("data-order", "2", timeout=QUESTION_TIMEOUT_MS)
        asked = page.get_by_test_id("question-text").inner_text()
        names = QUOTED.findall(asked)
        assert asked.startswith("이력서에"), asked
        assert len(names) == 1, asked
        assert names[0] in BACKEND_PROJECTS, names  # a project of this résumé, by the name it gives
        shot(page, artifacts, "05-candidate-grounded-question")
        answer_by_typing(
            page,
            2,
            "Kafka 컨슈머 지연으로 정산이 밀리는 문제가 가장 어려웠습니다. 제가 파티션 키를 가맹점 단위로 바꾸고 "
            "멱등 키로 중복을 막아, 마감 시간을 4시간에서 40분으로 줄였습니다.",
        )
        expect(current).to_have_attribute("data-order", "3", timeout=QUESTION_TIMEOUT_MS)
        finish_interview(page)
        expect(page.get_by_test_id("results-ready")).to_be_visible(timeout=REPORT_TIMEOUT_MS)
        expect(page.get_by_test_id("resume-passage").first).to_contain_text(names[0])
        shot(page, artifacts, "06-candidate-results")

    with make_client(stack.backend_url) as client:
        recruiter = create_recruiter(stack, client)
    with browsing(browser, artifacts, "recruiter", accept_downloads=True) as (page, _):
        page.goto(f"{web}/login")
        page.get_by_test_id("login-username").fill(recruiter.username)
        page.get_by_test_id("login-password").fill(PASSWORD)
        page.get_by_test_id("login-submit").click()
        expect(page.get_by_test_id("recruiter-sessions")).to_be_visible()
        page.goto(f"{web}/recruiter/sessions/{session_id}")
        expect(page.get_by_test_id("recruiter-session")).to_be_visible()
        grounded = page.get_by_test_id("resume-passage")
        expect(grounded).to_have_count(1)
        expect(grounded).to_contain_text(names[0])
        shot(page, artifacts, "07-recruiter-session")

        with page.expect_download() as download:
            page.get_by_test_id("report-pdf").first.click()
        pdf_path = artifacts / "report.pdf"
        download.value.save_as(pdf_path)

    pdf = pdf_path.read_bytes()
    assert pdf.startswith(b"%PDF-")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "AI 면접 결과 보고서" in text
    assert "이력서 근거" in text
    assert "김지원" in text
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm (poppler-utils) is a system package of the tests"
    subprocess.run([pdftoppm, "-png", "-r", "60", str(pdf_path), str(artifacts / "report-page")], check=True)
    assert sorted(p.name for p in artifacts.glob("report-page-*.png")), "no page images"
