"""The hiring workflow through the API: jobs, emailed invitations (a real SMTP server), timed answers
enforced by the server, per-job comparison, decisions, CSV export, organisations, and every refusal.

The stack here is `hiring_stack` (tests/conftest.py: `make run` with SMTP settings pointing at an
aiosmtpd server started by the test, a 1 s answer grace and a 2 s recovery sweep); links are
followed from the received mail.
"""

from __future__ import annotations

import csv
import email
import io
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.conftest import (
    LINK,
    Account,
    Inbox,
    RunningStack,
    create_recruiter,
    make_client,
    register,
    run_cli,
    unique_username,
    wait_until,
)
from tests.interview_script import BACKEND_ANSWERS, answer, questions, wait_for_question, wait_for_results

pytestmark = pytest.mark.timeout(400)

TIME_LIMIT_S = 30


@pytest.fixture
def api(hiring_stack: RunningStack) -> Iterator[httpx.Client]:
    with make_client(hiring_stack.backend_url) as client:
        yield client


def _deadline(hours: float = 72) -> str:
    return (datetime.now(UTC) + timedelta(hours=hours)).isoformat()


def job_body(**changes: Any) -> dict[str, Any]:
    body = {
        "title": "결제 플랫폼 백엔드 개발자",
        "family": "backend",
        "description": "결제 승인과 정산 API를 설계하고 운영합니다. Kafka와 PostgreSQL, 보안 인증 경험을 우대합니다.",
        "competencies": ["보안", "성능"],
        "questions": 3,
        "answer_time_limit_s": TIME_LIMIT_S,
        "prep_time_s": 0,
        "voice_mode": "allowed",
        "emotion_analysis_offered": False,
        "deadline": _deadline(),
    }
    return {**body, **changes}


def create_job(api: httpx.Client, recruiter: Account, **changes: Any) -> dict[str, Any]:
    response = api.post("/jobs", json=job_body(**changes), headers=recruiter.headers)
    assert response.status_code == 201, response.text
    return response.json()


def consent(api: httpx.Client) -> dict[str, Any]:
    version = api.get("/consent/notice").json()["version"]
    return {"consent": {"interview": True, "emotion_analysis": True, "notice_version": version}}


def accept(api: httpx.Client, candidate: Account, token: str) -> httpx.Response:
    return api.post(f"/invitations/token/{token}/accept", json=consent(api), headers=candidate.headers)


def test_invited_candidates_interview_under_the_jobs_rules_and_are_compared(
    api: httpx.Client, hiring_stack: RunningStack, inbox: Inbox
) -> None:
    recruiter = create_recruiter(hiring_stack, api)
    job = create_job(api, recruiter)
    assert job["status"] == "open"
    assert job["competencies"] == ["보안", "성능"]

    first, second = f"{unique_username('a')}@example.com", f"{unique_username('b')}@example.com"
    batch = api.post(
        f"/jobs/{job['id']}/invitations",
        json={"emails": [first, second, "not-an-address", first.upper()]},
        headers=recruiter.headers,
    )
    assert batch.status_code == 201, batch.text
    created, skipped = batch.json()["created"], batch.json()["skipped"]
    assert [i["email"] for i in created] == [first, second]
    assert {(s["email"], s["reason"]) for s in skipped} == {
        ("not-an-address", "not an email address"),
        (first.upper(), "listed twice"),
    }
    # The mail really went through SMTP, in Korean, with a working link.
    message = wait_until(lambda: inbox.to(first), timeout=20, what="the invitation email")[-1]
    assert "AI 면접에 초대합니다" in str(email.header.make_header(email.header.decode_header(message["Subject"])))
    token_a, token_b = inbox.link_token(first), inbox.link_token(second)
    outbox = api.get("/outbox", headers=recruiter.headers).json()
    assert {m["to"] for m in outbox if m["status"] == "sent"} >= {first, second}

    # Candidate A opens the link (no login needed to read it), registers, and interviews.
    view = api.get(f"/invitations/token/{token_a}")
    assert view.status_code == 200, view.text
    assert view.json()["job"]["title"] == job["title"]
    assert view.json()["job"]["answer_time_limit_s"] == TIME_LIMIT_S
    invitations = api.get(f"/jobs/{job['id']}/invitations", headers=recruiter.headers).json()
    assert {i["email"]: i["status"] for i in invitations}[first] == "opened"

    alice = register(api)
    started = accept(api, alice, token_a)
    assert started.status_code == 201, started.text
    session_a = started.json()
    assert session_a["job_id"] == job["id"]
    assert session_a["total_questions"] == 3
    assert session_a["answer_time_limit_s"] == TIME_LIMIT_S
    assert session_a["emotion_consent"] is False  # the job does not offer it, whatever was ticked
    # The clock does not run while the candidate checks camera and microphone: the room's first read starts it.
    assert session_a["first_question"] is None or session_a["first_question"]["shown_at"] is None
    # Accepting again resumes the same interview (200), it does not start a second one.
    again = accept(api, alice, token_a)
    assert again.status_code == 200, again.text
    assert again.json()["id"] == session_a["id"]

    for order in range(1, 4):
        question = wait_for_question(api, alice, session_a["id"], order)
        assert 0 < question["answer_seconds_left"] <= TIME_LIMIT_S
        answer(api, alice, session_a["id"], question["id"], BACKEND_ANSWERS[order])
    wait_for_results(api, alice, session_a["id"], "ready")
    asked = questions(api, alice, session_a["id"])
    assert {q["competency"] for q in asked} & {"보안", "성능"}, [q["question_text"] for q in asked]

    # Candidate B lets the second question run out.
    bob = register(api)
    session_b = accept(api, bob, token_b).json()
    q1 = wait_for_question(api, bob, session_b["id"], 1)
    answer(api, bob, session_b["id"], q1["id"], BACKEND_ANSWERS[1])
    q2 = wait_for_question(api, bob, session_b["id"], 2)
    # A reload gets the same question with less time, never more.
    time.sleep(2)
    reloaded = next(q for q in questions(api, bob, session_b["id"]) if q["id"] == q2["id"])
    assert reloaded["shown_at"] == q2["shown_at"]
    assert reloaded["answer_seconds_left"] < q2["answer_seconds_left"]
    time.sleep(max(0.0, reloaded["answer_seconds_left"]) + 1.5)
    late = api.post(
        f"/sessions/{session_b['id']}/answers",
        json={"question_id": q2["id"], "answer_text": "늦은 답변입니다."},
        headers=bob.headers,
    )
    assert late.status_code == 409, late.text
    assert "ran out" in late.json()["detail"]
    q2_after = next(q for q in questions(api, bob, session_b["id"]) if q["id"] == q2["id"])
    assert q2_after["timed_out"] is True
    assert q2_after["answer_text"] is None
    q3 = wait_for_question(api, bob, session_b["id"], 3)
    answer(api, bob, session_b["id"], q3["id"], BACKEND_ANSWERS[3])
    report_b = wait_for_results(api, bob, session_b["id"], "ready")["report"]
    assert report_b["answered"] == 2
    assert report_b["asked"] == 3

    # The recruiter compares both on the job page, shortlists A and exports the CSV.
    rows = api.get(f"/jobs/{job['id']}/candidates", headers=recruiter.headers)
    assert rows.status_code == 200, rows.text
    by_session = {r["session_id"]: r for r in rows.json()}
    assert set(by_session) == {session_a["id"], session_b["id"]}
    scores = [r["overall_score"] for r in rows.json()]
    assert scores == sorted(scores, reverse=True)
    assert by_session[session_b["id"]]["timed_out"] == 1
    assert set(by_session[session_a["id"]]["competency_scores"]) == {"보안", "성능"}

    decided = api.put(
        f"/sessions/{session_a['id']}/decision",
        json={"decision": "shortlisted", "note": "결제 보안 경험이 구체적임"},
        headers=recruiter.headers,
    )
    assert decided.status_code == 200, decided.text
    assert decided.json()["decision"] == "shortlisted"
    assert decided.json()["decided_by"] == recruiter.username
    shortlisted = api.get(f"/jobs/{job['id']}/candidates?decision=shortlisted", headers=recruiter.headers).json()
    assert [r["session_id"] for r in shortlisted] == [session_a["id"]]
    audit = api.get(f"/sessions/{session_a['id']}/audit", headers=alice.headers).json()
    assert "decision" in {entry["action"] for entry in audit}
    # The decision is the recruiter's: the candidate's own view of the session does not carry it.
    assert "decision" not in api.get(f"/sessions/{session_a['id']}", headers=alice.headers).json()

    export = api.get(f"/jobs/{job['id']}/results.csv", headers=recruiter.headers)
    assert export.status_code == 200, export.text
    assert export.headers["content-type"].startswith("text/csv")
    assert export.content.startswith("\ufeff".encode())
    table = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert {int(r["session_id"]) for r in table} == {session_a["id"], session_b["id"]}
    assert {"competency:보안", "competency:성능"} <= set(table[0])
    row_a = next(r for r in table if int(r["session_id"]) == session_a["id"])
    assert row_a["decision"] == "shortlisted"
    assert row_a["decision_note"] == "결제 보안 경험이 구체적임"

    statuses = {
        i["email"]: i["status"] for i in api.get(f"/jobs/{job['id']}/invitations", headers=recruiter.headers).json()
    }
    assert statuses == {first: "completed", second: "completed"}
    counts = api.get(f"/jobs/{job['id']}", headers=recruiter.headers).json()["counts"]
    assert counts == {"invited": 2, "opened": 2, "started": 2, "completed": 2}
    # The used invitation cannot start another interview.
    used = accept(api, alice, token_a)
    assert used.status_code == 410, used.text
    assert "used" in used.json()["detail"]


def test_every_invitation_refusal_says_why(api: httpx.Client, hiring_stack: RunningStack, inbox: Inbox) -> None:
    recruiter = create_recruiter(hiring_stack, api)
    job = create_job(api, recruiter, answer_time_limit_s=None)
    addresses = [f"{unique_username('r')}@example.com" for _ in range(3)]
    api.post(f"/jobs/{job['id']}/invitations", json={"emails": addresses}, headers=recruiter.headers)
    owner_token, revoked_token, _ = (inbox.link_token(a) for a in addresses)

    # Unknown token.
    unknown = api.get("/invitations/token/thisisnotarealtoken")
    assert unknown.status_code == 404
    assert "not valid" in unknown.json()["detail"]

    # A single-use invitation another candidate already claimed.
    owner, intruder = register(api), register(api)
    assert accept(api, owner, owner_token).status_code == 201
    stolen = accept(api, intruder, owner_token)
    assert stolen.status_code == 403, stolen.text
    assert "another candidate" in stolen.json()["detail"]
    # Each candidate sees only their own invitations.
    mine = api.get("/invitations/mine", headers=owner.headers).json()
    assert [m["job"]["id"] for m in mine] == [job["id"]]
    assert mine[0]["session_status"] in ("created", "in_progress")
    assert api.get("/invitations/mine", headers=intruder.headers).json() == []

    # Revoked.
    listed = api.get(f"/jobs/{job['id']}/invitations", headers=recruiter.headers).json()
    revoked_id = next(i["id"] for i in listed if i["email"] == addresses[1])
    assert api.post(f"/invitations/{revoked_id}/revoke", headers=recruiter.headers).json()["status"] == "revoked"
    for response in (api.get(f"/invitations/token/{revoked_token}"), accept(api, register(api), revoked_token)):
        assert response.status_code == 410, response.text
        assert "withdrawn" in response.json()["detail"]

    # Expired: a link whose expiry passes.
    link = api.post(
        f"/jobs/{job['id']}/links",
        json={"expires_at": (datetime.now(UTC) + timedelta(seconds=2)).isoformat()},
        headers=recruiter.headers,
    )
    assert link.status_code == 201, link.text
    link_token = link.json()["url"].rsplit("/", 1)[1]
    assert api.get(f"/invitations/token/{link_token}").status_code == 200
    time.sleep(2.5)
    expired = accept(api, register(api), link_token)
    assert expired.status_code == 410, expired.text
    assert "expired" in expired.json()["detail"]

    # A multi-use link at its limit.
    limited = api.post(f"/jobs/{job['id']}/links", json={"max_uses": 1}, headers=recruiter.headers).json()
    limited_token = limited["url"].rsplit("/", 1)[1]
    assert accept(api, register(api), limited_token).status_code == 201
    full = accept(api, register(api), limited_token)
    assert full.status_code == 410
    assert "limit of 1" in full.json()["detail"]

    # Recruiters cannot take interviews.
    assert accept(api, recruiter, limited_token).status_code == 403

    # A closed job takes no interviews and no invitations.
    assert api.post(f"/jobs/{job['id']}/close", headers=recruiter.headers).json()["status"] == "closed"
    closed = api.post(f"/jobs/{job['id']}/invitations", json={"emails": ["x@example.com"]}, headers=recruiter.headers)
    assert closed.status_code == 409
    assert "closed" in closed.json()["detail"]
    assert api.patch(f"/jobs/{job['id']}", json={"title": "새 제목"}, headers=recruiter.headers).status_code == 409


def test_a_job_must_be_consistent(api: httpx.Client, hiring_stack: RunningStack) -> None:
    recruiter = create_recruiter(hiring_stack, api)
    wrong = api.post("/jobs", json=job_body(competencies=["보안", "모델링"]), headers=recruiter.headers)
    assert wrong.status_code == 422
    assert "모델링" in wrong.text
    past = api.post("/jobs", json=job_body(deadline=_deadline(-1)), headers=recruiter.headers)
    assert past.status_code == 422
    assert "future" in past.text
    short = api.post("/jobs", json=job_body(answer_time_limit_s=5), headers=recruiter.headers)
    assert short.status_code == 422
    job = create_job(api, recruiter)
    # Changing the family alone would leave competencies of another family: refused, naming them.
    mismatch = api.patch(f"/jobs/{job['id']}", json={"family": "design"}, headers=recruiter.headers)
    assert mismatch.status_code == 422, mismatch.text
    assert "보안" in mismatch.text
    changed = api.patch(
        f"/jobs/{job['id']}", json={"questions": 4, "title": "  정산 백엔드  "}, headers=recruiter.headers
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["questions"] == 4
    candidate = register(api)
    assert api.post("/jobs", json=job_body(), headers=candidate.headers).status_code == 403
    positions = api.get("/positions", headers=candidate.headers).json()
    assert next(p for p in positions if p["family"] == "backend")["competencies"][:2] == ["설계", "성능"]


def test_recruiters_see_only_their_organisations_jobs_and_interviews(
    api: httpx.Client, hiring_stack: RunningStack, inbox: Inbox
) -> None:
    org = f"경쟁사 {unique_username('org')}"
    assert run_cli(hiring_stack, "create-organisation", "--name", org).returncode == 0
    ours, theirs = create_recruiter(hiring_stack, api), create_recruiter(hiring_stack, api, organisation=org)
    job = create_job(api, ours)
    address = f"{unique_username('o')}@example.com"
    api.post(f"/jobs/{job['id']}/invitations", json={"emails": [address]}, headers=ours.headers)
    candidate = register(api)
    session = accept(api, candidate, inbox.link_token(address)).json()
    free = api.post(
        "/sessions",
        json={"user_name": "자유 지원", "position": "백엔드 개발자", **consent(api)},
        headers=candidate.headers,
    ).json()

    for path in (
        f"/jobs/{job['id']}",
        f"/jobs/{job['id']}/candidates",
        f"/jobs/{job['id']}/invitations",
        f"/jobs/{job['id']}/results.csv",
        f"/sessions/{session['id']}",
        f"/sessions/{session['id']}/questions",
    ):
        response = api.get(path, headers=theirs.headers)
        assert response.status_code == 404, (path, response.text)
    decision = api.put(
        f"/sessions/{session['id']}/decision", json={"decision": "rejected", "note": ""}, headers=theirs.headers
    )
    assert decision.status_code == 404
    assert api.get("/jobs", headers=theirs.headers).json() == []
    listed = {s["id"] for s in api.get("/sessions?limit=200", headers=theirs.headers).json()}
    assert session["id"] not in listed
    assert free["id"] in listed  # an interview without a job stays visible to every recruiter
    assert {s["id"] for s in api.get("/sessions?limit=200", headers=ours.headers).json()} >= {session["id"], free["id"]}
    # A session without a job takes no decision.
    no_job = api.put(f"/sessions/{free['id']}/decision", json={"decision": "rejected"}, headers=ours.headers)
    assert no_job.status_code == 409
    # Their outbox does not show our invitation.
    assert address not in {m["to"] for m in api.get("/outbox", headers=theirs.headers).json()}


def test_voice_mode_required_refuses_typed_answers(api: httpx.Client, hiring_stack: RunningStack, inbox: Inbox) -> None:
    recruiter = create_recruiter(hiring_stack, api)
    job = create_job(api, recruiter, voice_mode="required", answer_time_limit_s=None)
    link = api.post(f"/jobs/{job['id']}/links", json={}, headers=recruiter.headers).json()
    candidate = register(api)
    session = accept(api, candidate, link["url"].rsplit("/", 1)[1]).json()
    question = wait_for_question(api, candidate, session["id"], 1)
    typed = api.post(
        f"/sessions/{session['id']}/answers",
        json={"question_id": question["id"], "answer_text": "글로 답합니다."},
        headers=candidate.headers,
    )
    assert typed.status_code == 409
    assert "spoken" in typed.json()["detail"]


def test_reminders_are_sent_once_before_the_deadline(
    api: httpx.Client, hiring_stack: RunningStack, inbox: Inbox
) -> None:
    from celery import Celery

    recruiter = create_recruiter(hiring_stack, api)
    job = create_job(api, recruiter, deadline=_deadline(hours=2))  # inside the 24 h reminder window
    address = f"{unique_username('m')}@example.com"
    api.post(f"/jobs/{job['id']}/invitations", json={"emails": [address]}, headers=recruiter.headers)
    inbox.link_token(address)
    client = Celery(broker=hiring_stack.redis_url)
    for _ in range(2):  # twice: the second run finds nothing due
        client.send_task("ai.send_invitation_reminders", kwargs={"payload": {}}, queue="interview")
    wait_until(lambda: len(inbox.to(address)) >= 2, timeout=30, what="the reminder")
    time.sleep(3)
    assert len(inbox.to(address)) == 2  # the invitation and exactly one reminder
    kinds = [m["kind"] for m in api.get("/outbox", headers=recruiter.headers).json() if m["to"] == address]
    assert sorted(kinds) == ["invitation", "reminder"]
    listed = api.get(f"/jobs/{job['id']}/invitations", headers=recruiter.headers).json()
    assert listed[0]["reminded_at"] is not None


def test_without_smtp_the_invitation_waits_in_the_outbox(stack: RunningStack) -> None:
    """The embedded default (no SMTP_HOST): the email is kept for the recruiter and its link logged."""
    with make_client(stack.backend_url) as client:
        recruiter = create_recruiter(stack, client)
        job = create_job(client, recruiter)
        address = f"{unique_username('x')}@example.com"
        batch = client.post(f"/jobs/{job['id']}/invitations", json={"emails": [address]}, headers=recruiter.headers)
        assert batch.status_code == 201, batch.text
        kept = next(m for m in client.get("/outbox", headers=recruiter.headers).json() if m["to"] == address)
        assert kept["status"] == "outboxed"
        token = LINK.search(kept["body"]).group(1)  # type: ignore[union-attr]
        assert client.get(f"/invitations/token/{token}").status_code == 200
        wait_until(lambda: token in stack.log_text(), timeout=10, what="the link in the backend log")


def test_the_operator_cli_manages_organisations(hiring_stack: RunningStack) -> None:
    name = f"조직 {unique_username('c')}"
    assert run_cli(hiring_stack, "create-organisation", "--name", name).returncode == 0
    again = run_cli(hiring_stack, "create-organisation", "--name", name)
    assert again.returncode == 1
    assert "already exists" in again.stderr
    missing = run_cli(hiring_stack, "create-recruiter", "--username", unique_username("n"), "--full-name", "김",
                      "--organisation", "없는 조직")  # fmt: skip
    assert missing.returncode == 1
    assert "no organisation" in missing.stderr


def test_csv_invitations_and_a_resent_link(api: httpx.Client, hiring_stack: RunningStack, inbox: Inbox) -> None:
    recruiter = create_recruiter(hiring_stack, api)
    job = create_job(api, recruiter)
    first, second = (f"{unique_username(p)}@example.com" for p in ("csv1", "csv2"))
    # What a spreadsheet saves: a header row, the address in a named column, Korean names, a BOM.
    sheet = f"이름,email\n김하나,{first}\n이두리,{second}\n박셋,주소 없음\n".encode("utf-8-sig")
    uploaded = api.post(
        f"/jobs/{job['id']}/invitations/csv",
        files={"file": ("candidates.csv", sheet, "text/csv")},
        headers=recruiter.headers,
    )
    assert uploaded.status_code == 201, uploaded.text
    assert sorted(i["email"] for i in uploaded.json()["created"]) == sorted([first, second])
    assert uploaded.json()["skipped"] == [{"email": "주소 없음", "reason": "not an email address"}]
    empty = api.post(
        f"/jobs/{job['id']}/invitations/csv",
        files={"file": ("empty.csv", b"name\nkim\n", "text/csv")},
        headers=recruiter.headers,
    )
    assert empty.status_code == 400
    assert "No email addresses" in empty.json()["detail"]

    old_token = inbox.link_token(first)
    invitation = next(i for i in uploaded.json()["created"] if i["email"] == first)
    resent = api.post(f"/invitations/{invitation['id']}/resend", headers=recruiter.headers)
    assert resent.status_code == 200, resent.text
    wait_until(lambda: len(inbox.to(first)) == 2, timeout=20, what="the second email")
    new_token = inbox.link_token(first)
    assert new_token != old_token
    assert api.get(f"/invitations/token/{old_token}").status_code == 404  # the old link stops working
    assert api.get(f"/invitations/token/{new_token}").status_code == 200


def test_any_csv_upload_gets_addresses_or_a_clear_refusal() -> None:
    """Found by the fuzzer: a bare carriage return made the CSV reader raise, and the upload answered 500."""
    from backend_core.invitations import addresses_from_csv
    from interview_common.flow import InterviewError

    assert addresses_from_csv(b"email\ra@example.com\rb@example.com\r") == ["a@example.com", "b@example.com"]
    with pytest.raises(InterviewError) as refused:
        addresses_from_csv(b"email\na\x00@example.com\n")
    assert refused.value.status_code == 400
    assert "NUL" in refused.value.message


def test_the_candidate_table_and_the_invitation_list_cost_the_same_queries_for_any_number_of_rows(
    api: httpx.Client, hiring_stack: RunningStack, inbox: Inbox
) -> None:
    """Each row used to read its own questions, decider and interview (2–3 queries a candidate): a job
    with a few hundred candidates made a few hundred round trips per page view."""
    from sqlalchemy import create_engine, event
    from sqlmodel import Session

    from backend_core.invitations import list_for_job
    from backend_core.job_review import candidates
    from interview_common.models import User

    recruiter = create_recruiter(hiring_stack, api)
    job = create_job(api, recruiter)
    sessions: dict[str, int] = {}

    def interview(count: int) -> None:
        addresses = [f"{unique_username('n')}@example.com" for _ in range(count)]
        batch = api.post(f"/jobs/{job['id']}/invitations", json={"emails": addresses}, headers=recruiter.headers)
        assert batch.status_code == 201, batch.text
        for address in addresses:
            started = accept(api, register(api), inbox.link_token(address))
            assert started.status_code == 201, started.text
            sessions[address] = started.json()["id"]
            decided = api.put(
                f"/sessions/{sessions[address]}/decision", json={"decision": "shortlisted"}, headers=recruiter.headers
            )
            assert decided.status_code == 200, decided.text

    engine = create_engine(hiring_stack.database_url)
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda _c, _cur, statement, *_: statements.append(statement))

    def measured(read: Any) -> tuple[int, Any]:
        with Session(engine) as db:
            user = db.get(User, recruiter.id)
            read(db, user)  # the connection's first use also reads the server's settings
            statements.clear()
            rows = read(db, user)
        return len(statements), rows

    def table(db: Session, user: User) -> Any:
        return candidates(db, user, job["id"])

    def invitations(db: Session, user: User) -> Any:
        return list_for_job(db, user, job["id"])

    try:
        interview(1)
        few = measured(table), measured(invitations)
        interview(4)
        many = measured(table), measured(invitations)
    finally:
        engine.dispose()

    (table_few, _), (list_few, _) = few
    (table_many, rows), (list_many, listed) = many
    assert table_many == table_few, f"the table read {table_few} statements for 1 candidate, {table_many} for 5"
    assert list_many == list_few, f"the list read {list_few} statements for 1 invitation, {list_many} for 5"
    # And the rows still say what they said before.
    assert {r.session_id for r in rows} == set(sessions.values())
    assert {r.decided_by for r in rows} == {recruiter.username}
    assert {i.email: i.session_id for i in listed} == sessions


def test_the_results_page_read_does_not_start_the_open_questions_clock(
    api: httpx.Client, hiring_stack: RunningStack
) -> None:
    """The results page reads the questions too: mid-interview, that read used to start the clock of a
    question the candidate had not seen in the room."""
    recruiter = create_recruiter(hiring_stack, api)
    job = create_job(api, recruiter)
    link = api.post(f"/jobs/{job['id']}/links", json={}, headers=recruiter.headers).json()
    candidate = register(api)
    session = accept(api, candidate, link["url"].rsplit("/", 1)[1]).json()

    def asked() -> bool:
        results = api.get(f"/sessions/{session['id']}/results", headers=candidate.headers).json()
        return results["progress"]["asked"] >= 1

    wait_until(asked, timeout=60, what="the first question")
    settled = api.get(f"/sessions/{session['id']}/questions?answered=true", headers=candidate.headers)
    assert settled.status_code == 200, settled.text
    assert settled.json() == []  # the open question is not shown there
    time.sleep(3)
    (first,) = questions(api, candidate, session["id"])  # the room's read: the clock starts now
    assert first["answer_seconds_left"] > TIME_LIMIT_S - 2, first

    answer(api, candidate, session["id"], first["id"], BACKEND_ANSWERS[0])
    listed = api.get(f"/sessions/{session['id']}/questions?answered=true", headers=candidate.headers).json()
    assert [q["id"] for q in listed] == [first["id"]]
    assert listed[0]["answer_text"] == BACKEND_ANSWERS[0]
