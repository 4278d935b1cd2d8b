"""End to end in a real browser: Chromium (Debian's, through Playwright) against the whole platform.

1. A candidate registers, logs in, starts, passes the device check (a fake camera showing a face,
   a fake microphone), answers three questions by typing over a live WebRTC connection, finishes,
   and sees scores and the emotion shares that the real media pipeline produced.
2. A recruiter logs in, finds that session in the list (with filters) and in the answer search,
   and opens its review with the emotion timeline chart.
3. With the camera denied, the device check switches to audio-only mode and says so, a spoken
   answer goes through /media/voice-answers to a transcription result, and the interview completes.

The recruiter's test reviews the candidate's session, so the module runs in file order.
Needs `frontend/dist` (npm run build), /usr/bin/chromium (apt-get install chromium fonts-noto-cjk;
skipped without it, failed under CI=true) and the `playwright` Python package (no `playwright
install`: Debian's Chromium is used). Screenshots go to test-artifacts/e2e/.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Playwright, expect, sync_playwright
from skimage import data

from tests.conftest import PASSWORD, RunningStack, create_recruiter, make_client, wait_until

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts" / "e2e"
CHROMIUM = Path("/usr/bin/chromium")
SCORE = re.compile(r"^\d{1,3}$")
DIST_INDEX = REPO / "frontend" / "dist" / "index.html"

# The waits below are upper bounds for events, never fixed sleeps.
UI_TIMEOUT_MS = 30_000
QUESTION_TIMEOUT_MS = 60_000
REPORT_TIMEOUT_MS = 90_000
EMOTION_WAIT_S = 60

pytestmark = pytest.mark.timeout(300)


def y4m_astronaut(path: Path, frames: int = 3) -> Path:
    """A small Y4M clip (4:2:0, full-range BT.601) of skimage's astronaut: a smiling face for the fake camera."""
    rgb = data.astronaut().astype(np.float32)  # 512 × 512 × 3
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    y = 0.299 * r + 0.587 * g + 0.114 * b
    u = -0.168736 * r - 0.331264 * g + 0.5 * b + 128
    v = 0.5 * r - 0.418688 * g - 0.081312 * b + 128

    def half(plane: np.ndarray) -> np.ndarray:
        return (plane[0::2, 0::2] + plane[1::2, 0::2] + plane[0::2, 1::2] + plane[1::2, 1::2]) / 4

    planes = [np.clip(p, 0, 255).round().astype(np.uint8) for p in (y, half(u), half(v))]
    height, width = planes[0].shape
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            out.write(b"FRAME\n")
            for plane in planes:
                out.write(plane.tobytes())
    return path


def fresh_folder(folder: Path) -> Path:
    """A test module's artifact folder, emptied of an earlier run's screenshots."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def built_web(stack: RunningStack) -> str:
    """The stack's web address, once the built frontend it serves is there."""
    assert DIST_INDEX.is_file(), "build the frontend first: cd frontend && npm run build"
    return stack.web_url


@pytest.fixture(scope="module")
def artifacts() -> Path:
    return fresh_folder(ARTIFACTS)


@pytest.fixture(scope="module")
def web(stack: RunningStack) -> str:
    return built_web(stack)


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI must run these
        pytest.skip(message)
    expect.set_options(timeout=UI_TIMEOUT_MS)
    with sync_playwright() as p:
        yield p


COMMON_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser(playwright: Playwright, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    """Every permission prompt accepted; the camera shows the astronaut, the microphone beeps."""
    clip = y4m_astronaut(tmp_path_factory.mktemp("camera") / "astronaut.y4m")
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        headless=True,
        args=[
            *COMMON_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={clip}",
        ],
    )
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def browser_asking(playwright: Playwright) -> Iterator[Browser]:
    """Fake devices but real permission handling: only what the context grants is allowed."""
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=[*COMMON_ARGS, "--use-fake-device-for-media-stream"]
    )
    yield browser
    browser.close()


class Watch:
    """What the page said: console errors and dialogs (there must be none: no alert())."""

    def __init__(self, page: Page) -> None:
        self.console: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        page.on("request", lambda r: self.requests.append(f"{time.monotonic():.2f} {r.method} {r.url}"))
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.console.append(f"pageerror: {exc}"))
        page.on("dialog", self._dialog)

    def _console(self, msg: ConsoleMessage) -> None:
        self.console.append(f"{msg.type}: {msg.text}")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def tail(self) -> str:
        return "\n".join(self.console[-40:])


def new_page(context: BrowserContext) -> tuple[Page, Watch]:
    context.set_default_timeout(UI_TIMEOUT_MS)
    context.add_init_script(COUNT_DEVICE_REQUESTS)
    page = context.new_page()
    return page, Watch(page)


def shot(page: Page, artifacts: Path, name: str) -> None:
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)


@contextmanager
def browsing(browser: Browser, artifacts: Path, name: str, **context_args: Any) -> Iterator[tuple[Page, Watch]]:
    """A fresh context and page; on failure a screenshot, the URL and the console's tail; no dialogs allowed."""
    context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900}, **context_args)
    page, watch = new_page(context)
    try:
        yield page, watch
        assert not watch.dialogs, watch.dialogs
    except Exception:
        shot(page, artifacts, f"{name}-failure")
        print(json.dumps({"url": page.url}))
        print(watch.tail())
        raise
    finally:
        context.close()


def register_and_log_in(page: Page, web: str, artifacts: Path, prefix: str, username: str, full_name: str) -> None:
    page.goto(f"{web}/register")
    page.get_by_test_id("register-username").fill(username)
    page.get_by_test_id("register-full-name").fill(full_name)
    page.get_by_test_id("register-password").fill(PASSWORD)
    expect(page.get_by_test_id("register-password")).to_have_attribute("maxlength", "24")
    shot(page, artifacts, f"{prefix}-register")
    page.get_by_test_id("register-submit").click()

    expect(page.get_by_test_id("login-notice")).to_be_visible()
    expect(page.get_by_test_id("login-username")).to_have_value(username)
    expect(page.get_by_test_id("login-password")).to_have_attribute("maxlength", "24")
    page.get_by_test_id("login-password").fill(PASSWORD)
    shot(page, artifacts, f"{prefix}-login")
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("start-form")).to_be_visible()
    expect(page.get_by_test_id("start-name")).to_have_value(full_name)


# Counts getUserMedia calls, so a test can prove no device was opened before the candidate agreed.
COUNT_DEVICE_REQUESTS = """
window.__deviceRequests = 0;
if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = (constraints) => { window.__deviceRequests += 1; return original(constraints); };
}
"""


def device_requests(page: Page) -> int:
    return int(page.evaluate("() => window.__deviceRequests"))


def start_interview(page: Page, artifacts: Path, prefix: str, position: str, *, emotion: bool) -> int:
    """Fill the start form and walk the consent notice: the interview agreed, emotion analysis as told."""
    page.get_by_test_id("start-position").fill(position)
    notice = page.get_by_test_id("consent-notice")
    expect(notice).to_have_attribute("data-state", "ready")
    expect(page.get_by_test_id("consent-item-interview-retention")).to_contain_text("180")
    expect(page.get_by_test_id("consent-item-emotion_analysis-purpose")).to_be_visible()
    expect(page.get_by_test_id("consent-emotion-caveat")).to_contain_text("57–74%")
    emotion_box = page.get_by_test_id("consent-emotion")
    expect(emotion_box).not_to_be_checked()  # opt-in: off unless ticked

    # Without the required agreement nothing is sent.
    posts: list[str] = []
    page.on(
        "request", lambda r: posts.append(r.url) if r.method == "POST" and r.url.endswith("/api/sessions") else None
    )
    page.get_by_test_id("start-submit").click()
    expect(page.get_by_test_id("consent-interview-error")).to_be_visible()
    assert posts == []
    assert device_requests(page) == 0, "a device was opened before the candidate agreed"

    page.get_by_test_id("consent-interview").check()
    if emotion:
        emotion_box.check()
    shot(page, artifacts, f"{prefix}-start")
    # Read before the click: once the session exists the page moves on and the notice is gone.
    shown_version = notice.get_attribute("data-version")
    with page.expect_response(lambda r: r.url.endswith("/api/sessions") and r.request.method == "POST") as created:
        page.get_by_test_id("start-submit").click()
    assert created.value.status == 201, created.value.text()
    assert created.value.request.headers.get("authorization", "").startswith("Bearer ")
    consent = json.loads(created.value.request.post_data or "{}")["consent"]
    assert consent["interview"] is True
    assert consent["emotion_analysis"] is emotion
    assert consent["notice_version"] == shown_version
    body = created.value.json()
    assert body["emotion_analysis"] == ("collected" if emotion else "not_collected")
    session_id = body["id"]
    expect(page.get_by_test_id("session-id")).to_have_text(str(session_id))
    expect(page.get_by_test_id("device-check")).to_be_visible()
    return int(session_id)


def answer_by_typing(page: Page, order: int, text: str) -> None:
    current = page.get_by_test_id("question-current")
    expect(current).to_have_attribute("data-order", str(order), timeout=QUESTION_TIMEOUT_MS)
    expect(page.get_by_test_id("interview-progress")).to_have_attribute("data-current", str(order))
    page.get_by_test_id("answer-input").fill(text)
    with page.expect_response(lambda r: "/answers" in r.url and r.request.method == "POST") as posted:
        page.get_by_test_id("answer-submit").click()
    assert posted.value.status == 201, posted.value.text()


def finish_interview(page: Page) -> None:
    page.get_by_test_id("interview-finish").click()
    with page.expect_response(lambda r: r.url.endswith("/finish") and r.request.method == "POST") as finished:
        page.get_by_test_id("interview-finish-confirm").click()
    assert finished.value.status == 200, finished.value.text()
    expect(page.get_by_test_id("results-page")).to_be_visible()


def token_of(page: Page) -> str:
    token = page.evaluate("() => window.localStorage.getItem('interview.token')")
    assert token, "no token in localStorage"
    return str(token)


def emotions_of(stack: RunningStack, token: str, session_id: int) -> dict[str, Any]:
    with make_client(stack.backend_url) as client:
        response = client.get(f"/sessions/{session_id}/emotions", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    return response.json()


# Filled in by the candidate's test, read by the recruiter's (same module, run in order).
SHARED: dict[str, Any] = {}


def test_candidate_interview_with_camera_and_microphone(
    stack: RunningStack, web: str, browser: Browser, artifacts: Path
) -> None:
    started = time.monotonic()
    marker = uuid.uuid4().hex[:8]
    username = f"e2e_{marker}"
    answers = [
        f"저는 프로젝트 코드명 오로라{marker}에서 결제 시스템의 Kafka 이벤트 파이프라인을 설계했습니다. "
        "주문이 몰리는 시간의 메시지 지연을 파티션 재설계로 줄였습니다.",
        "Redis 캐시를 도입해 상품 조회 API의 응답 시간을 평균 320ms에서 45ms로 줄였고, "
        "캐시 무효화 전략은 이벤트 기반으로 설계했습니다.",
        "장애가 나면 지표로 범위를 좁히고 요청 ID로 로그를 따라갑니다. 커넥션 풀 고갈이 원인이어서 "
        "타임아웃과 풀 크기를 조정하고 알림을 추가했습니다.",
    ]
    with browsing(browser, artifacts, "candidate") as (page, watch):
        register_and_log_in(page, web, artifacts, "01-candidate", username, "김이투이")
        session_id = start_interview(page, artifacts, "01-candidate", "백엔드 개발자", emotion=True)

        # Device check: camera preview playing, microphone level from an AnalyserNode, full mode.
        check = page.get_by_test_id("device-check")
        expect(check).to_have_attribute("data-mode", "full")
        expect(page.get_by_test_id("device-camera-status")).to_have_attribute("data-state", "ok")
        expect(page.get_by_test_id("device-mic-status")).to_have_attribute("data-state", "ok")
        page.wait_for_function(
            "() => { const v = document.querySelector('[data-testid=device-preview]'); return v && v.videoWidth > 0 }"
        )
        expect(page.get_by_test_id("mic-level")).to_be_visible()
        expect(page.get_by_test_id("device-audio-only")).to_have_count(0)
        shot(page, artifacts, "02-candidate-device-check")

        # The interview room: WebRTC connected, live updates.
        page.get_by_test_id("device-continue").click()
        expect(page.get_by_test_id("interview-room")).to_be_visible()
        expect(page.get_by_test_id("media-connection")).to_have_attribute("data-state", "connected")
        expect(page.get_by_test_id("interview-mode")).to_have_attribute("data-mode", "full")
        expect(page.get_by_test_id("interview-elapsed")).to_be_visible()
        expect(page.get_by_test_id("question-current")).to_have_attribute(
            "data-order", "1", timeout=QUESTION_TIMEOUT_MS
        )
        expect(page.get_by_test_id("voice-start")).to_be_enabled()

        for order, text in enumerate(answers, start=1):
            answer_by_typing(page, order, text)
            if order == 1:
                shot(page, artifacts, "03-candidate-after-first-answer")
        current = page.get_by_test_id("question-current")
        expect(current).to_have_attribute("data-order", "4", timeout=QUESTION_TIMEOUT_MS)
        expect(page.get_by_test_id("interview-progress")).to_have_attribute("data-answered", "3")
        expect(page.get_by_test_id("events-transport")).to_have_attribute("data-transport", "live")
        shot(page, artifacts, "04-candidate-room")

        # Frames from the browser's camera reach the worker through the media server.
        token = token_of(page)
        try:
            emotions = wait_until(
                lambda: (e := emotions_of(stack, token, session_id))["frames"] > 0 and e,
                EMOTION_WAIT_S,
                "emotion frames from the browser's camera",
            )
        except AssertionError as exc:
            pytest.fail(f"{exc}: the media pipeline stored no emotion frame for session {session_id}")
        assert emotions["per_question"], emotions

        finish_interview(page)
        expect(page.get_by_test_id("results-ready")).to_be_visible(timeout=REPORT_TIMEOUT_MS)
        score = page.get_by_test_id("results-overall-score")
        expect(score).to_have_attribute("data-score", SCORE)
        items = page.get_by_test_id("results-item")
        expect(items).to_have_count(4)  # three answered, the fourth asked but unanswered
        for i in range(3):
            expect(items.nth(i).get_by_test_id("item-score")).to_have_attribute("data-score", SCORE)
            expect(items.nth(i).get_by_test_id("item-feedback")).not_to_be_empty()
        expect(items.nth(0).get_by_test_id("item-answer")).to_contain_text(f"오로라{marker}")
        expect(items.nth(3).get_by_test_id("item-no-answer")).to_be_visible()

        frames = page.get_by_test_id("emotions-frames")
        expect(frames).to_be_visible()
        assert int(frames.get_attribute("data-frames") or 0) > 0
        expect(page.get_by_test_id("emotions-empty")).to_have_count(0)
        expect(page.locator("[data-testid=emotion-share-chart] svg.recharts-surface").first).to_be_visible()
        expect(page.get_by_test_id("emotion-question-row").first).to_be_visible()
        expect(page.get_by_test_id("emotion-caveat")).to_contain_text("57–74%")
        shot(page, artifacts, "05-candidate-results")
        # For whoever tunes the pipeline: what the browser's frames became.
        (artifacts / "candidate-emotions.json").write_text(
            json.dumps(emotions_of(stack, token, session_id), ensure_ascii=False, indent=1)
        )

        (artifacts / "candidate-requests.txt").write_text("\n".join(watch.requests))
        SHARED.update(session_id=session_id, marker=marker, answer=answers[0], candidate="김이투이")
    assert time.monotonic() - started < 150


def test_recruiter_finds_the_session_and_reviews_it(
    stack: RunningStack, web: str, browser: Browser, artifacts: Path
) -> None:
    if "session_id" not in SHARED:
        pytest.fail("the candidate's interview did not complete, so there is nothing to review")
    session_id = SHARED["session_id"]
    with make_client(stack.backend_url) as client:
        recruiter = create_recruiter(stack, client)

    with browsing(browser, artifacts, "recruiter") as (page, _):
        page.goto(f"{web}/login")
        page.get_by_test_id("login-username").fill(recruiter.username)
        page.get_by_test_id("login-password").fill(recruiter.password)
        page.get_by_test_id("login-submit").click()

        # Routed by role: the sessions list.
        expect(page.get_by_test_id("recruiter-sessions")).to_be_visible()
        assert page.url.endswith("/recruiter/sessions"), page.url
        row = page.locator(f"[data-testid=recruiter-session-row][data-session-id='{session_id}']")
        expect(row).to_be_visible()
        expect(row).to_have_attribute("data-status", "finished")

        # Filters keep it when it matches, hide it when it does not.
        page.get_by_test_id("filter-position").fill("백엔드")
        page.get_by_test_id("filter-status").select_option("finished")
        score = int(row.get_attribute("data-score") or -1)
        assert 0 <= score <= 100
        page.get_by_test_id("filter-score-min").fill(str(score))
        page.get_by_test_id("sort-by").select_option("score_desc")
        expect(row).to_be_visible()
        shot(page, artifacts, "06-recruiter-list")
        page.get_by_test_id("filter-score-min").fill(str(min(score + 1, 100)) if score < 100 else "100")
        if score < 100:
            expect(row).to_have_count(0)
        page.get_by_test_id("filter-reset").click()
        expect(row).to_be_visible()

        # Search over all answers; the hit links to the session.
        page.get_by_test_id("search-input").fill(SHARED["answer"])
        page.get_by_test_id("search-submit").click()
        hit = page.locator(f"[data-testid=search-hit][data-session-id='{session_id}']").first
        expect(hit).to_be_visible()
        expect(hit).to_contain_text(SHARED["candidate"])
        shot(page, artifacts, "07-recruiter-search")
        hit.click()

        # The session's review: transcript, scores and feedback, emotion timeline, face counts, caveat.
        expect(page.get_by_test_id("recruiter-session")).to_be_visible()
        expect(page.get_by_test_id("detail-overall-score")).to_have_attribute("data-score", str(score))
        expect(page.get_by_test_id("detail-recommendation")).to_be_visible()
        transcript = page.get_by_test_id("transcript-item")
        expect(transcript).to_have_count(4)
        expect(transcript.nth(0).get_by_test_id("item-answer")).to_contain_text(f"오로라{SHARED['marker']}")
        expect(transcript.nth(0).get_by_test_id("item-feedback")).not_to_be_empty()
        expect(page.locator("[data-testid=emotion-timeline-chart] svg.recharts-surface").first).to_be_visible()
        expect(page.locator("[data-testid=emotion-timeline-chart] .recharts-line").first).to_be_attached()
        expect(page.get_by_test_id("emotion-no-face").first).to_have_text(re.compile(r"^\d+$"))
        expect(page.get_by_test_id("emotion-multi-face").first).to_have_text(re.compile(r"^\d+$"))
        caveat = page.get_by_test_id("emotion-caveat")
        expect(caveat).to_contain_text("FER2013")
        expect(caveat).to_contain_text("57–74%")
        # This read is in the session's access log, with the recruiter's name.
        expect(page.get_by_test_id("audit-log")).to_contain_text(recruiter.username)
        page.evaluate("window.scrollTo(0, 0)")
        shot(page, artifacts, "08-recruiter-detail")


def test_camera_denied_switches_to_audio_only_and_the_interview_completes(
    stack: RunningStack, web: str, browser_asking: Browser, artifacts: Path
) -> None:
    marker = uuid.uuid4().hex[:8]
    # Only the microphone is granted: the camera is denied.
    with browsing(browser_asking, artifacts, "audio-only", permissions=["microphone"]) as (page, _):
        register_and_log_in(page, web, artifacts, "09-audio-only", f"e2e_audio_{marker}", "박음성")
        session_id = start_interview(page, artifacts, "09-audio-only", "데이터 엔지니어", emotion=False)

        expect(page.get_by_test_id("device-check")).to_have_attribute("data-mode", "audio-only")
        notice = page.get_by_test_id("device-audio-only")
        expect(notice).to_be_visible()
        expect(notice).to_contain_text("음성 전용 모드")
        expect(page.get_by_test_id("device-camera-status")).not_to_have_attribute("data-state", "ok")
        expect(page.get_by_test_id("device-mic-status")).to_have_attribute("data-state", "ok")
        expect(page.get_by_test_id("device-no-camera")).to_be_visible()
        expect(page.get_by_test_id("mic-level")).to_be_visible()
        shot(page, artifacts, "10-audio-only-device-check")

        page.get_by_test_id("device-continue").click()
        expect(page.get_by_test_id("interview-mode")).to_have_attribute("data-mode", "audio-only")
        expect(page.get_by_test_id("media-connection")).to_have_attribute("data-state", "connected")

        # A spoken answer over the WebRTC microphone: recorded, sent for transcription, a result shown.
        expect(page.get_by_test_id("question-current")).to_have_attribute(
            "data-order", "1", timeout=QUESTION_TIMEOUT_MS
        )
        page.get_by_test_id("voice-start").click()
        expect(page.get_by_test_id("voice-recording")).to_be_visible()
        expect(page.get_by_test_id("voice-recording-time")).to_have_text(re.compile(r"^00:0[2-9]$"))
        with page.expect_response(lambda r: r.url.endswith("/media/voice-answers")) as voice:
            page.get_by_test_id("voice-stop").click()
        assert voice.value.status == 202, voice.value.text()
        assert voice.value.json()["duration_s"] >= 1
        # Chromium's fake microphone beeps: the transcript is shown, or (empty) the page says so.
        expect(page.locator("[data-testid=voice-transcript], [data-testid=voice-empty]")).to_be_visible(
            timeout=QUESTION_TIMEOUT_MS
        )
        shot(page, artifacts, "11-audio-only-voice")
        answer_by_typing(
            page, 1, f"데이터 파이프라인 프로젝트 {marker}에서 Airflow로 배치 작업을 정리하고 실패 알림을 만들었습니다."
        )
        answer_by_typing(page, 2, "Spark 작업의 셔플을 줄여 처리 시간을 40% 단축했고, 파티션 기준을 날짜로 바꿨습니다.")
        expect(page.get_by_test_id("question-current")).to_have_attribute(
            "data-order", "3", timeout=QUESTION_TIMEOUT_MS
        )
        shot(page, artifacts, "12-audio-only-room")

        finish_interview(page)
        expect(page.get_by_test_id("results-ready")).to_be_visible(timeout=REPORT_TIMEOUT_MS)
        expect(page.get_by_test_id("results-overall-score")).to_be_visible()
        expect(page.get_by_test_id("results-item")).to_have_count(3)
        # No consent (and no camera), so no emotion frames: said plainly, not a blank chart.
        expect(page.get_by_test_id("emotions-not-collected")).to_be_visible()
        expect(page.locator("[data-testid=emotion-share-chart]")).to_have_count(0)
        shot(page, artifacts, "13-audio-only-results")

        assert emotions_of(stack, token_of(page), session_id)["frames"] == 0


def test_candidate_who_declines_emotion_analysis_sends_no_video(
    stack: RunningStack, web: str, browser: Browser, artifacts: Path
) -> None:
    """The consent screen the other way, with a working camera: it previews locally, but no video leaves."""
    marker = uuid.uuid4().hex[:8]
    with browsing(browser, artifacts, "declined") as (page, _):
        register_and_log_in(page, web, artifacts, "14-declined", f"e2e_decl_{marker}", "최거절")
        session_id = start_interview(page, artifacts, "14-declined", "백엔드 개발자", emotion=False)
        expect(page.get_by_test_id("device-camera-status")).to_have_attribute("data-state", "ok")
        assert device_requests(page) >= 1  # devices open only now, after the agreement

        with page.expect_response(lambda r: r.url.endswith("/media/offer")) as offered:
            page.get_by_test_id("device-continue").click()
        assert offered.value.status == 200, offered.value.text()
        offer_sdp = json.loads(offered.value.request.post_data or "{}")["sdp"]
        assert "m=audio" in offer_sdp
        assert "m=video" not in offer_sdp
        assert offered.value.json()["video_analysed"] is False
        expect(page.get_by_test_id("media-connection")).to_have_attribute("data-state", "connected")
        expect(page.get_by_test_id("emotion-consent-note")).to_have_attribute("data-status", "not_collected")
        shot(page, artifacts, "15-declined-room")

        answer_by_typing(page, 1, f"주문 시스템 {marker}의 장애 대응 절차를 문서화하고 알림 규칙을 정리했습니다.")
        expect(page.get_by_test_id("question-current")).to_have_attribute(
            "data-order", "2", timeout=QUESTION_TIMEOUT_MS
        )
        finish_interview(page)
        expect(page.get_by_test_id("results-ready")).to_be_visible(timeout=REPORT_TIMEOUT_MS)
        expect(page.get_by_test_id("emotions-not-collected")).to_be_visible()
        shot(page, artifacts, "16-declined-results")
        emotions = emotions_of(stack, token_of(page), session_id)
        assert (emotions["status"], emotions["frames"]) == ("not_collected", 0)


def test_candidate_withdraws_emotion_consent_in_the_room(
    stack: RunningStack, web: str, browser: Browser, artifacts: Path
) -> None:
    """Consent given, then withdrawn mid-interview: analysis stops, what it stored is gone, the interview goes on."""
    marker = uuid.uuid4().hex[:8]
    with browsing(browser, artifacts, "withdraw") as (page, _):
        register_and_log_in(page, web, artifacts, "17-withdraw", f"e2e_wd_{marker}", "정철회")
        session_id = start_interview(page, artifacts, "17-withdraw", "백엔드 개발자", emotion=True)
        page.get_by_test_id("device-continue").click()
        expect(page.get_by_test_id("media-connection")).to_have_attribute("data-state", "connected")
        token = token_of(page)
        wait_until(lambda: emotions_of(stack, token, session_id)["frames"] > 0, EMOTION_WAIT_S, "emotion frames")

        page.get_by_test_id("emotion-withdraw").click()
        with page.expect_response(lambda r: r.url.endswith("/emotion-consent/withdraw")) as withdrawn:
            page.get_by_test_id("emotion-withdraw-confirm").click()
        assert withdrawn.value.status == 200, withdrawn.value.text()
        expect(page.get_by_test_id("emotion-withdrawn").first).to_be_visible()
        expect(page.get_by_test_id("media-connection")).to_have_attribute("data-state", "connected")
        shot(page, artifacts, "18-withdrawn-room")
        emotions = emotions_of(stack, token, session_id)
        assert (emotions["status"], emotions["frames"]) == ("not_collected", 0)

        # The interview goes on; nothing more is stored for it.
        answer_by_typing(page, 1, f"결제 서비스 {marker}의 배포 자동화를 맡아 롤백 시간을 10분에서 1분으로 줄였습니다.")
        expect(page.get_by_test_id("question-current")).to_have_attribute(
            "data-order", "2", timeout=QUESTION_TIMEOUT_MS
        )
        with make_client(stack.backend_url) as client:
            session = client.get(f"/sessions/{session_id}", headers={"Authorization": f"Bearer {token}"}).json()
        assert session["emotion_consent_withdrawn_at"] is not None
        assert emotions_of(stack, token, session_id)["frames"] == 0
