"""Webhooks to the hiring system, received by a real HTTP server started by the test.

The receiver fails the first two requests of every event, then accepts it: each event is processed
once, after three attempts, all logged; every request's signature verifies with the endpoint's secret.
Events about a candidate who erases their account before delivery are never sent.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from interview_common.webhooks import (
    SIGNATURE_HEADER,
    DestinationRefused,
    UnresolvedDestination,
    check_destination,
    resolve_destination,
    verify,
)
from tests.conftest import (
    PASSWORD,
    Account,
    RunningStack,
    create_organisation,
    create_recruiter,
    make_client,
    register,
    wait_until,
)
from tests.interview_script import BACKEND_ANSWERS, answer, wait_for_question, wait_for_results

pytestmark = pytest.mark.timeout(300)


class Receiver:
    """An ATS stand-in: answers 500 to the first `failures` requests of each event, then 200."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.requests: list[dict[str, Any]] = []  # every request, in arrival order
        self.processed: dict[str, dict[str, Any]] = {}  # event id -> body, once
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                event_id = self.headers.get("X-Interview-Delivery", "")
                with receiver.lock:
                    seen = sum(r["event_id"] == event_id for r in receiver.requests)
                    receiver.requests.append(
                        {
                            "at": time.time(),
                            "event_id": event_id,
                            "event": self.headers.get("X-Interview-Event"),
                            "signature": self.headers.get(SIGNATURE_HEADER, ""),
                            "host": self.headers.get("Host"),
                            "raw": raw,
                        }
                    )
                    ok = seen >= receiver.failures
                    if ok and event_id not in receiver.processed:
                        receiver.processed[event_id] = json.loads(raw)
                self.send_response(200 if ok else 500)
                self.end_headers()
                self.wfile.write(b"ok" if ok else b"temporarily unavailable")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        # By name: the worker resolves it, checks each address and connects to one of them.
        self.url = f"http://localhost:{self.server.server_address[1]}/ats/events"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def flaky_receiver() -> Iterator[Receiver]:
    receiver = Receiver(failures=2)
    yield receiver
    receiver.close()


@pytest.fixture
def api(hiring_stack: RunningStack) -> Iterator[httpx.Client]:
    with make_client(hiring_stack.backend_url) as client:
        yield client


def _job_and_link(api: httpx.Client, recruiter: Account) -> tuple[int, str]:
    from datetime import UTC, datetime, timedelta

    job = api.post(
        "/jobs",
        json={
            "title": "정산 백엔드 개발자",
            "family": "backend",
            "competencies": ["성능"],
            "questions": 1,
            "voice_mode": "allowed",
            "emotion_analysis_offered": False,
            "deadline": (datetime.now(UTC) + timedelta(days=2)).isoformat(),
        },
        headers=recruiter.headers,
    )
    assert job.status_code == 201, job.text
    link = api.post(f"/jobs/{job.json()['id']}/links", json={}, headers=recruiter.headers).json()
    return job.json()["id"], link["url"].rsplit("/", 1)[1]


def _interview(api: httpx.Client, candidate: Account, token: str) -> int:
    version = api.get("/consent/notice").json()["version"]
    started = api.post(
        f"/invitations/token/{token}/accept",
        json={"consent": {"interview": True, "emotion_analysis": False, "notice_version": version}},
        headers=candidate.headers,
    )
    assert started.status_code == 201, started.text
    sid = started.json()["id"]
    question = wait_for_question(api, candidate, sid, 1)
    answer(api, candidate, sid, question["id"], BACKEND_ANSWERS[2])
    return int(sid)


def test_events_survive_a_receiver_that_fails_twice(
    api: httpx.Client, hiring_stack: RunningStack, flaky_receiver: Receiver
) -> None:
    # An organisation of its own: no other test's endpoint receives these events.
    recruiter = create_recruiter(hiring_stack, api, organisation=create_organisation(hiring_stack))
    created = api.post(
        "/webhooks",
        json={"url": flaky_receiver.url, "events": ["report.ready", "review.resolved", "invitation.completed"]},
        headers=recruiter.headers,
    )
    assert created.status_code == 201, created.text
    endpoint = created.json()
    secret = endpoint["secret"]
    assert secret.startswith("whsec_")
    # The secret is shown once: listing shows only its start.
    listed = api.get("/webhooks", headers=recruiter.headers).json()
    assert listed[0]["secret"] is None
    assert secret.startswith(listed[0]["secret_hint"].rstrip("…"))

    job_id, token = _job_and_link(api, recruiter)
    candidate = register(api)
    sid = _interview(api, candidate, token)
    wait_for_results(api, candidate, sid, "ready")
    review = api.post(f"/sessions/{sid}/review-request", json={"reason": "다시 봐 주세요"}, headers=candidate.headers)
    assert review.status_code == 201, review.text
    resolved = api.post(f"/sessions/{sid}/review-resolve", json={"note": "확인했습니다"}, headers=recruiter.headers)
    assert resolved.status_code == 200, resolved.text

    wait_until(lambda: len(flaky_receiver.processed) == 3, timeout=60, what="three events processed")
    events = {body["type"]: body for body in flaky_receiver.processed.values()}
    assert set(events) == {"report.ready", "review.resolved", "invitation.completed"}
    assert events["report.ready"]["data"]["session_id"] == sid
    assert events["report.ready"]["data"]["job_id"] == job_id
    assert 0 <= events["report.ready"]["data"]["overall_score"] <= 100
    assert events["review.resolved"]["data"]["note"] == "확인했습니다"

    # Every request is signed over its raw body with the endpoint's secret and a current timestamp.
    now = int(time.time())
    for request in flaky_receiver.requests:
        assert verify(secret, request["signature"], request["raw"], now), request["signature"]
        assert not verify("whsec_wrong", request["signature"], request["raw"], now)
    assert not verify(secret, flaky_receiver.requests[0]["signature"], b"{}", now)  # a changed body fails
    # Connected to the checked address, the request still names the host it was configured with.
    assert {r["host"] for r in flaky_receiver.requests} == {flaky_receiver.url.split("/")[2]}

    # The log: three attempts per event, 500, 500, 200; each event processed once.
    deliveries = wait_until(
        lambda: (
            (d := api.get(f"/webhooks/{endpoint['id']}/deliveries", headers=recruiter.headers).json())
            and all(x["status"] == "delivered" for x in d)
            and len(d) == 3
            and d
        ),
        timeout=30,
        what="every delivery logged as delivered",
    )
    for delivery in deliveries:
        assert delivery["attempt_count"] == 3, delivery
        assert [a["status_code"] for a in delivery["attempts"]] == [500, 500, 200]
    assert len(flaky_receiver.requests) == 9
    assert len(flaky_receiver.processed) == 3


def test_no_event_about_an_erased_candidate_is_sent(api: httpx.Client, hiring_stack: RunningStack) -> None:
    never = Receiver(failures=10_000)  # the ATS is down for as long as the test runs
    try:
        recruiter = create_recruiter(hiring_stack, api, organisation=create_organisation(hiring_stack))
        endpoint = api.post(
            "/webhooks", json={"url": never.url, "events": ["report.ready"]}, headers=recruiter.headers
        ).json()
        _, token = _job_and_link(api, recruiter)
        candidate = register(api)
        sid = _interview(api, candidate, token)
        wait_until(lambda: any(r["event"] == "report.ready" for r in never.requests), timeout=60, what="an attempt")
        erased = api.request("DELETE", "/users/me", json={"password": PASSWORD}, headers=candidate.headers)
        assert erased.status_code in (200, 204), erased.text
        after = time.time()
        # The pending delivery went with the interview: the log no longer holds the candidate's data...
        log = api.get(f"/webhooks/{endpoint['id']}/deliveries", headers=recruiter.headers).json()
        assert all(d["session_id"] != sid for d in log), log
        # ...and no further attempt is made (an attempt already on the wire may finish).
        time.sleep(6)
        late = [r for r in never.requests if r["at"] > after + 1.0]
        assert late == [], f"{len(late)} requests after the erasure"
    finally:
        never.close()


def test_webhook_endpoints_are_validated_and_scoped(api: httpx.Client, hiring_stack: RunningStack) -> None:
    organisation = create_organisation(hiring_stack)
    recruiter = create_recruiter(hiring_stack, api, organisation=organisation)
    bad = api.post(
        "/webhooks", json={"url": "ftp://ats.example/x", "events": ["report.ready"]}, headers=recruiter.headers
    )
    assert bad.status_code == 422
    assert "http" in bad.text
    unknown = api.post("/webhooks", json={"url": "https://ats.example/x", "events": ["x.y"]}, headers=recruiter.headers)
    assert unknown.status_code == 422
    candidate = register(api)
    assert api.get("/webhooks", headers=candidate.headers).status_code == 403
    endpoint = api.post(
        "/webhooks", json={"url": "https://ats.example/hook", "events": ["report.ready"]}, headers=recruiter.headers
    ).json()
    colleague = create_recruiter(hiring_stack, api, organisation=organisation)
    stranger = create_recruiter(hiring_stack, api, organisation=create_organisation(hiring_stack))
    assert api.get(f"/webhooks/{endpoint['id']}/deliveries", headers=stranger.headers).status_code == 404
    assert api.post(f"/webhooks/{endpoint['id']}/deactivate", headers=stranger.headers).status_code == 404
    assert endpoint["id"] in {e["id"] for e in api.get("/webhooks", headers=colleague.headers).json()}
    assert api.get("/webhooks", headers=stranger.headers).json() == []
    off = api.post(f"/webhooks/{endpoint['id']}/deactivate", headers=recruiter.headers)
    assert off.json()["active"] is False


# ---------------------------------------------------------------- where webhooks may go

PRIVATE_URLS = [
    "http://127.0.0.1:8000/hook",
    "http://localhost/hook",
    "https://api.localhost/hook",
    "http://169.254.169.254/latest/meta-data/",  # a cloud's instance metadata
    "http://10.0.0.5/hook",
    "http://192.168.1.10:8080/hook",
    "http://172.17.0.1/hook",  # Docker's bridge
    "http://100.64.0.1/hook",  # carrier-grade NAT
    "http://[::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",  # IPv4 written as IPv6
    "http://[fd00::1]/hook",
    "http://0.0.0.0/hook",
]


@pytest.mark.parametrize("url", PRIVATE_URLS)
def test_a_private_address_is_refused_unless_allowed(url: str) -> None:
    with pytest.raises(DestinationRefused, match="WEBHOOK_ALLOW_PRIVATE_ADDRESSES"):
        check_destination(url, allow_private=False)
    check_destination(url, allow_private=True)


def _own_host_name() -> str:
    """This machine's name: no local-looking name, yet it resolves to a loopback or private address."""
    name = socket.gethostname()
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(name, 80, type=socket.SOCK_STREAM)}
    except OSError:
        pytest.skip(f"this machine's name {name!r} does not resolve")
    if all(ipaddress.ip_address(a).is_global for a in addresses):
        pytest.skip(f"this machine's name {name!r} resolves to public addresses only")
    return name


def test_names_are_checked_after_resolution() -> None:
    # A public literal needs no lookup; a name is refused for what it resolves to.
    assert resolve_destination("https://93.184.216.34/hook", allow_private=False) == ["93.184.216.34"]
    assert set(resolve_destination("http://localhost:9/hook", allow_private=True)) <= {"127.0.0.1", "::1"}
    name = _own_host_name()
    check_destination(f"http://{name}:9/hook", allow_private=False)  # the name alone says nothing
    with pytest.raises(DestinationRefused, match=f"{name} resolves to"):
        resolve_destination(f"http://{name}:9/hook", allow_private=False)
    with pytest.raises(UnresolvedDestination, match="could not be resolved"):
        resolve_destination("https://no-such-host.invalid/hook", allow_private=False)


def test_the_api_refuses_a_private_webhook_url_with_a_reason(stack: RunningStack) -> None:
    with make_client(stack.backend_url) as client:
        recruiter = create_recruiter(stack, client)
        for url in ("http://127.0.0.1:8000/hook", "http://169.254.169.254/latest/meta-data/", "http://localhost/x"):
            refused = client.post("/webhooks", json={"url": url, "events": ["report.ready"]}, headers=recruiter.headers)
            assert refused.status_code == 422, refused.text
            detail = refused.json()["detail"]
            assert "not allowed" in detail
            assert "private" in detail
        public = client.post(
            "/webhooks", json={"url": "https://ats.example/hook", "events": ["report.ready"]}, headers=recruiter.headers
        )
        assert public.status_code == 201, public.text


def test_a_delivery_to_a_private_address_is_not_sent(stack: RunningStack) -> None:
    """An endpoint that reaches a private address at delivery time (stored before the rule, or a name that
    now resolves there) gets one logged attempt that names the reason, no request and no retries."""
    listener = Receiver(failures=0)
    url = listener.url.replace("localhost", _own_host_name())
    try:
        with make_client(stack.backend_url) as client:
            recruiter = create_recruiter(stack, client, organisation=create_organisation(stack))
            created = client.post(
                "/webhooks",
                json={"url": "https://ats.example/hook", "events": ["invitation.completed"]},
                headers=recruiter.headers,
            )
            endpoint = created.json()
            engine = create_engine(stack.database_url)
            with engine.begin() as conn:
                conn.execute(text("UPDATE webhookendpoint SET url = :u WHERE id = :i"), {"u": url, "i": endpoint["id"]})
            engine.dispose()
            _, token = _job_and_link(client, recruiter)
            candidate = register(client)
            _interview(client, candidate, token)
            deliveries = wait_until(
                lambda: (
                    (d := client.get(f"/webhooks/{endpoint['id']}/deliveries", headers=recruiter.headers).json())
                    and d[0]["status"] != "pending"
                    and d
                ),
                timeout=60,
                what="the delivery settled",
            )
        [delivery] = deliveries
        assert delivery["status"] == "failed"
        assert delivery["attempt_count"] == 1
        [attempt] = delivery["attempts"]
        assert attempt["status_code"] is None
        assert "not sent" in attempt["error"]
        assert "resolves to" in attempt["error"]
        assert listener.requests == []
    finally:
        listener.close()
