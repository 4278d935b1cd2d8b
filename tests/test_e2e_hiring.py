"""The hiring workflow end to end in a real browser (Debian's Chromium through Playwright).

A recruiter creates a job with a 60 s answer limit on the jobs page and invites two candidates by
email; each candidate opens the link from the email the test's SMTP server received, signs up,
agrees to the notice and interviews (the second lets question 2 run out); the recruiter compares
both on the job page, shortlists one with a note and exports the CSV. Screenshots of each step go
to test-artifacts/e2e-hiring/.
"""

from __future__ import annotations

import csv
import io
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import PASSWORD, Inbox, RunningStack, create_recruiter, make_client
from tests.test_e2e_browser import (  # noqa: F401 (the browser fixtures)
    QUESTION_TIMEOUT_MS,
    REPORT_TIMEOUT_MS,
    answer_by_typing,
    browser,
    browsing,
    built_web,
    fresh_folder,
    playwright,
    shot,
)

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts" / "e2e-hiring"
ANSWER_LIMIT_S = 60

ANSWERS = [
    "저는 결제 플랫폼 백엔드를 4년 동안 맡아 왔고, 결제 승인 API와 정산 배치를 설계했습니다. "
    "카드사 장애가 나도 결제가 멈추지 않도록 재시도와 서킷 브레이커를 도입했습니다.",
    "토큰 탈취를 막기 위해 액세스 토큰 수명을 15분으로 줄이고 리프레시 토큰을 회전시켰습니다. "
    "제가 권한 검사를 미들웨어로 모아서 누락된 엔드포인트 7개를 찾아 고쳤습니다.",
    "정산 API의 응답이 2초 넘게 걸려서 실행 계획을 확인해 보니 인덱스를 타지 않았습니다. "
    "복합 인덱스를 추가하고 쿼리를 나눠 평균 응답 시간을 180ms로 줄였습니다.",
]

pytestmark = pytest.mark.timeout(600)


@pytest.fixture(scope="module")
def artifacts() -> Path:
    return fresh_folder(ARTIFACTS)


@pytest.fixture(scope="module")
def web(hiring_stack: RunningStack) -> str:
    return built_web(hiring_stack)


def log_in(page: Page, web: str, username: str) -> None:
    page.goto(f"{web}/login")
    page.get_by_test_id("login-username").fill(username)
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("recruiter-sessions")).to_be_visible()  # logged in, routed by role


def create_job_in_the_form(page: Page, web: str, artifacts: Path, title: str) -> int:
    page.get_by_test_id("nav-recruiter-jobs").click()
    expect(page).to_have_url(f"{web}/recruiter/jobs")
    page.goto(f"{web}/recruiter/jobs/new")
    form = page.get_by_test_id("job-form")
    expect(form).to_be_visible()
    page.get_by_test_id("job-title").fill(title)
    page.get_by_test_id("job-family").select_option("backend")
    page.get_by_test_id("job-description").fill("결제 승인과 정산 API를 운영합니다. 보안과 성능 개선 경험을 봅니다.")
    for competency in ("보안", "성능"):
        page.locator(f"[data-testid=job-competency][data-competency='{competency}']").check()
    expect(page.get_by_test_id("competency-order-item")).to_have_count(2)
    page.get_by_test_id("job-questions").fill("3")
    page.get_by_test_id("job-answer-limit").fill(str(ANSWER_LIMIT_S))
    page.get_by_test_id("job-prep-time").fill("")
    deadline = (datetime.now() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_test_id("job-deadline").fill(deadline)
    shot(page, artifacts, "01-recruiter-job-form")
    with page.expect_response(lambda r: r.url.endswith("/api/jobs") and r.request.method == "POST") as created:
        page.get_by_test_id("job-submit").click()
    assert created.value.status == 201, created.value.text()
    job = created.value.json()
    assert job["answer_time_limit_s"] == ANSWER_LIMIT_S
    assert job["competencies"] == ["보안", "성능"]
    expect(page).to_have_url(f"{web}/recruiter/jobs/{job['id']}")
    return int(job["id"])


def interview_from_the_email(
    browser: Browser,  # noqa: F811 (the fixture imported above)
    web: str,
    inbox: Inbox,
    artifacts: Path,
    address: str,
    name: str,
    *,
    time_out: int | None,
) -> int:
    """Open the emailed link, sign up, agree, and answer every question (letting `time_out` run out)."""
    token = inbox.link_token(address)
    prefix = "03-candidate-a" if time_out is None else "04-candidate-b"
    username = f"cand_{uuid.uuid4().hex[:8]}"
    with browsing(browser, artifacts, prefix) as (page, _):
        page.goto(f"{web}/invite/{token}")
        expect(page.get_by_test_id("invite-job-title")).to_be_visible()
        expect(page.get_by_test_id("invite-rule-answer-limit")).to_contain_text(str(ANSWER_LIMIT_S))
        shot(page, artifacts, f"{prefix}-invitation")
        page.get_by_test_id("invite-register").click()
        page.get_by_test_id("register-username").fill(username)
        page.get_by_test_id("register-full-name").fill(name)
        page.get_by_test_id("register-password").fill(PASSWORD)
        page.get_by_test_id("register-submit").click()
        page.get_by_test_id("login-password").fill(PASSWORD)
        page.get_by_test_id("login-submit").click()
        # Back on the invitation, now as a candidate: agree and start.
        expect(page.get_by_test_id("invite-accept")).to_be_visible()
        page.get_by_test_id("consent-interview").check()
        shot(page, artifacts, f"{prefix}-consent")
        with page.expect_response(lambda r: r.url.endswith("/accept") and r.request.method == "POST") as accepted:
            page.get_by_test_id("invite-accept").click()
        assert accepted.value.status == 201, accepted.value.text()
        session_id = int(accepted.value.json()["id"])
        page.get_by_test_id("device-continue").click()
        expect(page.get_by_test_id("interview-room")).to_be_visible()
        countdown = page.get_by_test_id("answer-countdown")
        expect(countdown).to_be_visible(timeout=QUESTION_TIMEOUT_MS)
        assert 0 < int(countdown.get_attribute("data-seconds") or 0) <= ANSWER_LIMIT_S
        shot(page, artifacts, f"{prefix}-room")
        for order, text in enumerate(ANSWERS, start=1):
            if order == time_out:
                current = page.get_by_test_id("question-current")
                expect(current).to_have_attribute("data-order", str(order), timeout=QUESTION_TIMEOUT_MS)
                # Nothing typed: the server's limit (plus grace) passes and the room moves on.
                expect(page.get_by_test_id("answer-timeout")).to_be_visible(timeout=(ANSWER_LIMIT_S + 15) * 1000)
                shot(page, artifacts, f"{prefix}-timed-out")
                continue
            answer_by_typing(page, order, text)
        expect(page.get_by_test_id("results-page")).to_be_visible(timeout=QUESTION_TIMEOUT_MS)
        expect(page.get_by_test_id("results-ready")).to_be_visible(timeout=REPORT_TIMEOUT_MS)
        if time_out is not None:
            expect(page.get_by_test_id("item-timed-out")).to_have_count(1)
        shot(page, artifacts, f"{prefix}-results")
    return session_id


def test_recruiter_invites_two_candidates_and_compares_them(
    hiring_stack: RunningStack,
    web: str,
    browser: Browser,  # noqa: F811 (the fixture imported above)
    inbox: Inbox,
    artifacts: Path,
) -> None:
    with make_client(hiring_stack.backend_url) as client:
        recruiter = create_recruiter(hiring_stack, client)
    marker = uuid.uuid4().hex[:6]
    addresses = [f"a_{marker}@example.com", f"b_{marker}@example.com"]
    title = f"결제 백엔드 개발자 {marker}"

    with browsing(browser, artifacts, "02-recruiter") as (page, _):
        log_in(page, web, recruiter.username)
        job_id = create_job_in_the_form(page, web, artifacts, title)
        page.get_by_test_id("invite-emails").fill("\n".join(addresses))
        with page.expect_response(lambda r: r.url.endswith("/invitations") and r.request.method == "POST") as sent:
            page.get_by_test_id("invite-submit").click()
        assert sent.value.status == 201, sent.value.text()
        expect(page.get_by_test_id("invitation-row")).to_have_count(2)
        shot(page, artifacts, "02-recruiter-invited")

    first = interview_from_the_email(browser, web, inbox, artifacts, addresses[0], "한지원", time_out=None)
    second = interview_from_the_email(browser, web, inbox, artifacts, addresses[1], "오다은", time_out=2)

    with browsing(browser, artifacts, "05-recruiter") as (page, _):
        log_in(page, web, recruiter.username)
        page.goto(f"{web}/recruiter/jobs/{job_id}")
        rows = page.get_by_test_id("candidate-row")
        expect(rows).to_have_count(2)
        for sid in (first, second):
            row = page.locator(f"[data-testid=candidate-row][data-session-id='{sid}']")
            expect(row.get_by_test_id("candidate-competency-score")).to_have_count(2)
            assert (row.get_attribute("data-score") or "").isdigit()
        expect(page.locator("[data-testid=invitation-row][data-status=completed]")).to_have_count(2)
        shot(page, artifacts, "05-recruiter-compare")

        chosen = page.locator(f"[data-testid=candidate-row][data-session-id='{first}']")
        chosen.get_by_test_id("decision-note").fill("보안 사례가 구체적입니다.")
        with page.expect_response(lambda r: r.url.endswith("/decision") and r.request.method == "PUT") as decided:
            chosen.get_by_test_id("decision-shortlist").click()
        assert decided.value.status == 200, decided.value.text()
        expect(chosen).to_have_attribute("data-decision", "shortlisted")
        shot(page, artifacts, "06-recruiter-shortlisted")

        with page.expect_download() as download:
            page.get_by_test_id("export-csv").click()
        path = artifacts / "job-results.csv"
        download.value.save_as(path)
        table = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        assert {int(r["session_id"]) for r in table} == {first, second}
        by_session = {int(r["session_id"]): r for r in table}
        assert by_session[first]["decision"] == "shortlisted"
        assert by_session[second]["timed_out"] == "1"
