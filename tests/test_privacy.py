"""Consent, human review, the audit log, export, account deletion and retention, against the real stack."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from celery import Celery
from sqlalchemy import Engine, text
from sqlmodel import SQLModel

import interview_common.models  # noqa: F401  (registers every table on SQLModel.metadata)
from interview_common.tasks import TaskName
from tests.conftest import LINK, Account, RunningStack, create_session, register, session_body, wait_until
from tests.interview_script import BACKEND_ANSWERS, answer, wait_for_question, wait_for_results
from tests.resume_files import upload_resume

TIMEOUT = 60


def _notice(api: httpx.Client) -> dict[str, Any]:
    response = api.get("/consent/notice")
    assert response.status_code == 200, response.text
    return response.json()


def _finish(api: httpx.Client, account: Account, sid: int) -> None:
    response = api.post(f"/sessions/{sid}/finish", headers=account.headers)
    assert response.status_code == 200, response.text


def _interview(api: httpx.Client, account: Account, *, answers: int = 2, emotion_analysis: bool = True) -> int:
    """A finished interview with `answers` answered questions; its id."""
    sid = create_session(api, account, emotion_analysis=emotion_analysis)["id"]
    for order, reply in enumerate(BACKEND_ANSWERS[:answers], start=1):
        question = wait_for_question(api, account, sid, order)
        answer(api, account, sid, question["id"], reply)
    _finish(api, account, sid)
    return int(sid)


# ---------------------------------------------------------------- the notice and the consent


def test_notice_says_what_is_collected_why_and_for_how_long(api: httpx.Client) -> None:
    notice = _notice(api)
    items = {item["key"]: item for item in notice["items"]}
    assert set(items) == {"interview", "emotion_analysis"}
    assert items["interview"]["required"] is True
    assert items["emotion_analysis"]["required"] is False
    for item in items.values():
        for part in ("title", "data", "purpose", "retention"):
            assert all(item[part][lang].strip() for lang in ("ko", "en")), (item["key"], part)
    # The retention the notice promises is the one the purge applies.
    assert notice["retention_days"] == 180
    assert "180" in items["interview"]["retention"]["en"]
    assert "180" in items["emotion_analysis"]["retention"]["ko"]
    assert "57–74%" in notice["emotion_caveat"]["en"]
    assert notice["version"].startswith("2026-12-03.")
    # The résumé's own item: optional, agreed to at upload, not one of the interview's boxes.
    assert notice["resume"]["required"] is False
    for part in ("title", "data", "purpose", "retention"):
        assert all(notice["resume"][part][lang].strip() for lang in ("ko", "en")), part
    assert _notice(api)["version"] == notice["version"]


def test_a_session_needs_the_interview_consent_of_the_notice_in_force(
    api: httpx.Client, candidate: Account, db: Engine
) -> None:
    body = session_body(api)
    without = api.post("/sessions", json={k: v for k, v in body.items() if k != "consent"}, headers=candidate.headers)
    assert without.status_code == 422
    assert [e["field"] for e in without.json()["errors"]] == ["consent"]

    refused = api.post(
        "/sessions", json=body | {"consent": body["consent"] | {"interview": False}}, headers=candidate.headers
    )
    assert refused.status_code == 422
    assert "cannot start without agreeing" in refused.json()["detail"]

    stale = api.post(
        "/sessions",
        json=body | {"consent": body["consent"] | {"notice_version": "2020-01-01.x"}},
        headers=candidate.headers,
    )
    assert stale.status_code == 409
    assert "notice has changed" in stale.json()["detail"]
    assert _notice(api)["version"] in stale.json()["detail"]

    # Emotion analysis is off unless ticked.
    consent = {"interview": True, "notice_version": body["consent"]["notice_version"]}  # type: ignore[index]
    created = api.post("/sessions", json=body | {"consent": consent}, headers=candidate.headers)
    assert created.status_code == 201, created.text
    session = created.json()
    assert session["emotion_consent"] is False
    assert session["emotion_analysis"] == "not_collected"
    assert session["consent_notice_version"] == consent["notice_version"]
    with db.connect() as conn:
        row = conn.execute(
            text("SELECT emotion_consent, consent_notice_version, consented_at FROM interviewsession WHERE id = :i"),
            {"i": session["id"]},
        ).one()
    assert row.emotion_consent is False
    assert row.consent_notice_version == consent["notice_version"]
    assert abs((datetime.now(UTC) - row.consented_at).total_seconds()) < 60

    opted_in = create_session(api, candidate, emotion_analysis=True)
    assert (opted_in["emotion_consent"], opted_in["emotion_analysis"]) == (True, "collected")


def test_without_consent_the_emotion_api_says_not_collected_even_if_rows_exist(
    api: httpx.Client, candidate: Account, recruiter: Account, db: Engine
) -> None:
    sid = create_session(api, candidate, emotion_analysis=False)["id"]
    # A row that should never have been stored (e.g. written by hand) is still not shown.
    with db.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO emotionsample (session_id, captured_at, faces_found, dominant, probabilities, backend,"
                " created_at) VALUES (:s, now(), 1, 'sad', '{\"sad\": 1.0}', 'minixception', now())"
            ),
            {"s": sid},
        )
    for viewer in (candidate, recruiter):
        emotions = api.get(f"/sessions/{sid}/emotions", headers=viewer.headers).json()
        assert emotions["status"] == "not_collected"
        assert (emotions["frames"], emotions["timeline"], emotions["per_question"]) == (0, [], [])
        assert emotions["caveat"]["ko"]
        assert emotions["caveat"]["en"]
        assert api.get(f"/sessions/{sid}", headers=viewer.headers).json()["emotion_analysis"] == "not_collected"


# ---------------------------------------------------------------- advisory only: the report ignores emotion data


def test_report_is_identical_with_and_without_emotion_data(
    api: httpx.Client, candidate: Account, celery_client: Celery, db: Engine
) -> None:
    sid = create_session(api, candidate, emotion_analysis=True)["id"]
    # Lopsided emotion data (every frame afraid, some with no face or two faces) for every question.
    for order, reply in enumerate(BACKEND_ANSWERS[:3], start=1):
        question = wait_for_question(api, candidate, sid, order)
        with db.begin() as conn:
            for i in range(30):
                conn.execute(
                    text(
                        "INSERT INTO emotionsample (session_id, question_id, captured_at, faces_found, dominant,"
                        " probabilities, backend, created_at) VALUES (:s, :q, now(), :f, 'fear', :p, 'minixception',"
                        " now())"
                    ),
                    {"s": sid, "q": question["id"], "f": (1, 1, 0, 2)[i % 4], "p": json.dumps({"fear": 0.97})},
                )
        answer(api, candidate, sid, question["id"], reply)
    _finish(api, candidate, sid)
    with_emotions = wait_for_results(api, candidate, sid, "ready")["report"]

    # The same interview again, without a single emotion row: same answers, same stored evaluations.
    with db.begin() as conn:
        twin = conn.execute(
            text(
                "INSERT INTO interviewsession (user_id, user_name, position, status, total_questions, results_status,"
                " created_at, updated_at, finished_at, emotion_consent, consent_notice_version, consented_at)"
                " SELECT user_id, user_name, position, status, total_questions, 'pending', now(), now(), now(),"
                " false, consent_notice_version, now() FROM interviewsession WHERE id = :s RETURNING id"
            ),
            {"s": sid},
        ).scalar_one()
        conn.execute(
            text(
                'INSERT INTO interviewquestion (session_id, "order", question_text, kind, source, key_terms,'
                " answer_text, answer_source, asked_at, answered_at, score, evaluation, evaluated_at)"
                ' SELECT :t, "order", question_text, kind, source, key_terms, answer_text, answer_source, asked_at,'
                " answered_at, score, evaluation, evaluated_at FROM interviewquestion WHERE session_id = :s"
            ),
            {"s": sid, "t": twin},
        )
        assert conn.execute(text("SELECT count(*) FROM emotionsample WHERE session_id = :s"), {"s": sid}).scalar() == 90
        assert conn.execute(text("SELECT count(*) FROM emotionsample WHERE session_id = :t"), {"t": twin}).scalar() == 0
    outcome = celery_client.send_task(
        TaskName.BUILD_REPORT.value, kwargs={"payload": {"session_id": twin}}, queue="interview"
    ).get(timeout=TIMEOUT)
    assert outcome["status"] == "created", outcome
    with db.connect() as conn:
        without_emotions = conn.execute(text("SELECT report FROM interviewsession WHERE id = :t"), {"t": twin}).scalar()
    assert without_emotions == with_emotions
    assert with_emotions["overall_score"] > 0


# ---------------------------------------------------------------- human review


def test_candidate_asks_for_human_review_and_a_recruiter_resolves_it(
    api: httpx.Client, candidate: Account, recruiter: Account
) -> None:
    sid = create_session(api, candidate)["id"]
    early = api.post(f"/sessions/{sid}/review-request", json={"reason": "다시 봐 주세요"}, headers=candidate.headers)
    assert early.status_code == 409
    assert "once the interview has finished" in early.json()["detail"]
    _finish(api, candidate, sid)

    blank = api.post(f"/sessions/{sid}/review-request", json={"reason": "   "}, headers=candidate.headers)
    assert blank.status_code == 422
    by_recruiter = api.post(f"/sessions/{sid}/review-request", json={"reason": "x"}, headers=recruiter.headers)
    assert by_recruiter.status_code == 403
    too_soon = api.post(f"/sessions/{sid}/review-resolve", json={"note": "ok"}, headers=recruiter.headers)
    assert too_soon.status_code == 409

    requested = api.post(
        f"/sessions/{sid}/review-request",
        json={"reason": "답변 2의 평가가 잘못된 것 같습니다."},
        headers=candidate.headers,
    )
    assert requested.status_code == 201, requested.text
    assert requested.json()["review_requested_at"] is not None
    assert requested.json()["review_reason"] == "답변 2의 평가가 잘못된 것 같습니다."
    again = api.post(f"/sessions/{sid}/review-request", json={"reason": "또"}, headers=candidate.headers)
    assert again.status_code == 409

    open_ids = {
        s["id"] for s in api.get("/sessions", params={"review": "open", "limit": 200}, headers=recruiter.headers).json()
    }
    assert sid in open_ids
    assert all(
        s["review_resolved_at"] is None
        for s in api.get("/sessions", params={"review": "open"}, headers=recruiter.headers).json()
    )
    bad_filter = api.get("/sessions", params={"review": "maybe"}, headers=recruiter.headers)
    assert bad_filter.status_code == 422

    by_candidate = api.post(f"/sessions/{sid}/review-resolve", json={"note": "셀프"}, headers=candidate.headers)
    assert by_candidate.status_code == 403
    resolved = api.post(
        f"/sessions/{sid}/review-resolve", json={"note": "직접 검토했고 점수를 유지합니다."}, headers=recruiter.headers
    )
    assert resolved.status_code == 200, resolved.text
    mine = api.get(f"/sessions/{sid}", headers=candidate.headers).json()
    assert mine["review_note"] == "직접 검토했고 점수를 유지합니다."
    assert mine["review_resolved_at"] is not None
    assert sid not in {
        s["id"] for s in api.get("/sessions", params={"review": "open", "limit": 200}, headers=recruiter.headers).json()
    }
    assert sid in {
        s["id"] for s in api.get("/sessions", params={"review": "resolved"}, headers=candidate.headers).json()
    }


# ---------------------------------------------------------------- audit log


def test_recruiter_reads_are_audited_and_visible(
    api: httpx.Client, candidate: Account, recruiter: Account, db: Engine
) -> None:
    sid = create_session(api, candidate)["id"]
    question = wait_for_question(api, candidate, sid, 1)
    marker = f"감사로그{sid}확인"  # makes this session's answer the search's best match
    answer(api, candidate, sid, question["id"], f"저는 {marker} 프로젝트에서 배포 파이프라인을 자동화했습니다.")
    _finish(api, candidate, sid)
    for path in ("", "/questions", "/results", "/emotions"):
        assert api.get(f"/sessions/{sid}{path}", headers=candidate.headers).status_code == 200
    assert api.get(f"/sessions/{sid}/audit", headers=candidate.headers).json() == []  # own reads are not logged

    listed = api.get("/sessions", params={"limit": 200}, headers=recruiter.headers).json()
    assert sid in {s["id"] for s in listed}
    for path in ("", "/questions", "/results", "/emotions"):
        response = api.get(f"/sessions/{sid}{path}", headers=recruiter.headers)
        assert response.status_code == 200
    hits = api.get("/search", params={"q": f"{marker} 프로젝트 배포"}, headers=recruiter.headers).json()
    assert sid in {h["session_id"] for h in hits}

    entries = api.get(f"/sessions/{sid}/audit", headers=recruiter.headers).json()
    assert [e["action"] for e in entries] == ["search", "emotions", "results", "questions", "session", "list"]
    assert {e["actor_username"] for e in entries} == {recruiter.username}
    assert {e["actor_id"] for e in entries} == {recruiter.id}
    assert all(e["request_id"] for e in entries)
    assert api.get(f"/sessions/{sid}/audit", headers=candidate.headers).json() == entries
    other = register(api)
    assert api.get(f"/sessions/{sid}/audit", headers=other.headers).status_code == 404
    with db.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM auditentry WHERE session_id = :s"), {"s": sid}).scalar() == 6


# ---------------------------------------------------------------- export and erasure


def _populate_everything(
    api: httpx.Client, candidate: Account, recruiter: Account, celery_client: Celery, db: Engine
) -> list[int]:
    """Two interviews with a row in every table that can hold the candidate's data; their ids."""
    upload_resume(api, candidate)
    first = _interview(api, candidate, answers=2)
    second = create_session(api, candidate)["id"]
    question = wait_for_question(api, candidate, second, 1)
    with db.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO emotionsample (session_id, question_id, captured_at, faces_found, dominant, probabilities,"
                " face_box, backend, created_at) VALUES (:s, :q, now(), 1, 'happy', '{\"happy\": 0.9}', '[1,2,3,4]',"
                " 'minixception', now())"
            ),
            {"s": second, "q": question["id"]},
        )
        conn.execute(
            text(
                "INSERT INTO answeraudio (session_id, question_id, wav, duration_s, created_at)"
                " VALUES (:s, :q, :w, 1.5, now())"
            ),
            {"s": second, "q": question["id"], "w": b"RIFF-audio-bytes"},
        )
    # A recruiter read (audit rows) and a task refused at the worker that named the session.
    assert api.get(f"/sessions/{first}/results", headers=recruiter.headers).status_code == 200
    outcome = celery_client.send_task(
        TaskName.GENERATE_QUESTION.value,
        kwargs={"payload": {"session_id": second, "order": 0, "request_id": f"privacy-{second}"}},
        queue="interview",
    ).get(timeout=TIMEOUT)
    assert outcome["status"] == "rejected"
    return [first, second, _invited_interview(api, candidate, recruiter)]


def _invited_interview(api: httpx.Client, candidate: Account, recruiter: Account) -> int:
    """An interview started from an emailed invitation (kept in the outbox: no SMTP here); its id."""
    job = api.post(
        "/jobs",
        json={
            "title": "정산 백엔드 개발자",
            "family": "backend",
            "description": "정산 API를 운영합니다.",
            "competencies": ["성능"],
            "questions": 3,
            "deadline": (datetime.now(UTC) + timedelta(days=3)).isoformat(),
        },
        headers=recruiter.headers,
    )
    assert job.status_code == 201, job.text
    address = f"{candidate.username}@example.com"
    sent = api.post(f"/jobs/{job.json()['id']}/invitations", json={"emails": [address]}, headers=recruiter.headers)
    assert sent.status_code == 201, sent.text
    mail = next(m for m in api.get("/outbox", headers=recruiter.headers).json() if m["to"] == address)
    token = LINK.search(mail["body"]).group(1)  # type: ignore[union-attr]
    consent = {"interview": True, "emotion_analysis": False, "notice_version": _notice(api)["version"]}
    started = api.post(f"/invitations/token/{token}/accept", json={"consent": consent}, headers=candidate.headers)
    assert started.status_code == 201, started.text
    return int(started.json()["id"])


def _rows_of(db: Engine, session_ids: list[int]) -> dict[str, set[int]]:
    """Ids of every row in each table that hangs off these sessions (directly or through their questions)."""
    with db.connect() as conn:
        found: dict[str, set[int]] = {}
        for table in ("interviewquestion", "emotionsample", "answeraudio", "auditentry"):
            found[table] = set(
                conn.execute(text(f"SELECT id FROM {table} WHERE session_id = ANY(:s)"), {"s": session_ids}).scalars()
            )
        found["resumepassage"] = set(
            conn.execute(
                text(
                    "SELECT p.id FROM resumepassage p JOIN resume r ON r.id = p.resume_id JOIN interviewsession s"
                    " ON s.user_id = r.user_id WHERE s.id = ANY(:s)"
                ),
                {"s": session_ids},
            ).scalars()
        )
        found["invitation"] = set(
            conn.execute(
                text("SELECT invitation_id FROM interviewsession WHERE id = ANY(:s) AND invitation_id IS NOT NULL"),
                {"s": session_ids},
            ).scalars()
        )
        found["outboxmessage"] = set(
            conn.execute(
                text("SELECT id FROM outboxmessage WHERE invitation_id = ANY(:i)"), {"i": list(found["invitation"])}
            ).scalars()
        )
        found["rejectedtask"] = set(
            conn.execute(
                text("SELECT id FROM rejectedtask WHERE payload->>'session_id' = ANY(:s)"),
                {"s": [str(s) for s in session_ids]},
            ).scalars()
        )
    return found


def test_export_contains_every_stored_item_of_the_user(
    api: httpx.Client, candidate: Account, recruiter: Account, celery_client: Celery, db: Engine
) -> None:
    session_ids = _populate_everything(api, candidate, recruiter, celery_client, db)
    response = api.get("/users/me/export", headers=candidate.headers)
    assert response.status_code == 200
    assert response.headers["content-disposition"] == f'attachment; filename="interview-data-{candidate.username}.json"'
    data = response.json()
    assert data["user"]["id"] == candidate.id
    assert data["user"]["username"] == candidate.username
    assert "hashed_password" not in data["user"]
    assert "argon2" not in response.text

    assert [s["id"] for s in data["sessions"]] == session_ids
    exported = {
        "interviewquestion": {q["id"] for s in data["sessions"] for q in s["questions"]},
        "emotionsample": {e["id"] for s in data["sessions"] for e in s["emotion_samples"]},
        "answeraudio": {a["id"] for s in data["sessions"] for a in s["answer_audio"]},
        "auditentry": {a["id"] for s in data["sessions"] for a in s["access_log"]},
        "rejectedtask": {r["id"] for r in data["rejected_tasks"]},
        "resumepassage": {p["id"] for p in data["resume"]["passages"]},
        "invitation": {i["id"] for i in data["invitations"]},
        "outboxmessage": {m["id"] for i in data["invitations"] for m in i["emails"]},
    }
    stored = _rows_of(db, session_ids)
    assert exported == stored
    assert all(stored.values()), stored  # every kind of row is really there

    # Every column of every row, with values as stored.
    with db.connect() as conn:
        columns = {
            table: [c.name for c in SQLModel.metadata.tables[table].columns]
            for table in ("interviewsession", "interviewquestion", "emotionsample", "answeraudio", "auditentry")
        }
        question = conn.execute(
            text("SELECT answer_text, answer_embedding::text AS emb FROM interviewquestion WHERE id = :i"),
            {"i": min(stored["interviewquestion"])},
        ).one()
    first = data["sessions"][0]
    assert set(first) >= set(columns["interviewsession"]) | {
        "questions",
        "emotion_samples",
        "answer_audio",
        "access_log",
    }
    q1 = next(q for q in first["questions"] if q["id"] == min(stored["interviewquestion"]))
    assert set(q1) == set(columns["interviewquestion"])
    assert q1["answer_text"] == question.answer_text
    assert q1["answer_embedding"] == pytest.approx(json.loads(question.emb))
    audio = data["sessions"][1]["answer_audio"][0]
    assert set(audio) == (set(columns["answeraudio"]) - {"wav"}) | {"wav_base64"}
    assert base64.b64decode(audio["wav_base64"]) == b"RIFF-audio-bytes"
    assert set(data["sessions"][1]["emotion_samples"][0]) == set(columns["emotionsample"])
    resume_columns = {c.name for c in SQLModel.metadata.tables["resume"].columns}
    assert set(data["resume"]) == resume_columns | {"passages"}
    assert "실시간 정산 파이프라인 구축" in data["resume"]["text"]
    assert set(data["resume"]["passages"][0]) == {c.name for c in SQLModel.metadata.tables["resumepassage"].columns}
    assert first["access_log"][0]["actor_username"] == recruiter.username
    [invitation] = data["invitations"]
    assert invitation["email"] == f"{candidate.username}@example.com"
    assert invitation["candidate_id"] == candidate.id
    assert set(invitation) == {c.name for c in SQLModel.metadata.tables["invitation"].columns} - {
        "token_nonce",
        "token_hash",
    } | {"emails"}
    assert invitation["emails"][0]["to_address"] == invitation["email"]


def test_account_deletion_leaves_no_row_referencing_the_user(
    api: httpx.Client, candidate: Account, recruiter: Account, celery_client: Celery, db: Engine
) -> None:
    session_ids = _populate_everything(api, candidate, recruiter, celery_client, db)
    bystander = register(api)
    kept = create_session(api, bystander)["id"]
    before = _rows_of(db, session_ids)
    assert all(before.values())
    with db.connect() as conn:
        resume_ids = list(conn.execute(text("SELECT id FROM resume WHERE user_id = :u"), {"u": candidate.id}).scalars())
    assert resume_ids

    wrong = api.request("DELETE", "/users/me", json={"password": "not-the-password"}, headers=candidate.headers)
    assert wrong.status_code == 403
    assert "not correct" in wrong.json()["detail"]
    as_recruiter = api.request("DELETE", "/users/me", json={"password": recruiter.password}, headers=recruiter.headers)
    assert as_recruiter.status_code == 403
    missing = api.request("DELETE", "/users/me", headers=candidate.headers)
    assert missing.status_code == 422

    deleted = api.request("DELETE", "/users/me", json={"password": candidate.password}, headers=candidate.headers)
    assert deleted.status_code == 204

    # Across every table, through every foreign key to the user, their sessions and their questions.
    question_ids = sorted(before["interviewquestion"])
    targets = {
        "user": [candidate.id],
        "interviewsession": session_ids,
        "interviewquestion": question_ids,
        "resume": resume_ids,
        "resumepassage": sorted(before["resumepassage"]),
        "invitation": sorted(before["invitation"]),
        "outboxmessage": sorted(before["outboxmessage"]),
    }
    checked = []
    with db.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            for column in table.columns:
                for fk in column.foreign_keys:
                    ids = targets.get(fk.column.table.name)
                    if ids is None:
                        continue
                    count = conn.execute(
                        text(f'SELECT count(*) FROM "{table.name}" WHERE "{column.name}" = ANY(:ids)'), {"ids": ids}
                    ).scalar()
                    checked.append(f"{table.name}.{column.name}")
                    assert count == 0, f"{table.name}.{column.name} still refers to the deleted user's data"
            if table.name in targets:
                count = conn.execute(
                    text(f'SELECT count(*) FROM "{table.name}" WHERE id = ANY(:ids)'), {"ids": targets[table.name]}
                ).scalar()
                assert count == 0, table.name
        assert (
            conn.execute(
                text("SELECT count(*) FROM rejectedtask WHERE payload->>'session_id' = ANY(:s)"),
                {"s": [str(s) for s in session_ids]},
            ).scalar()
            == 0
        )
        assert conn.execute(text("SELECT count(*) FROM interviewsession WHERE id = :k"), {"k": kept}).scalar() == 1
        # The address the invitation went to is nowhere any more.
        address = f"{candidate.username}@example.com"
        for table, column in (("invitation", "email"), ("outboxmessage", "to_address"), ("outboxmessage", "body")):
            found = conn.execute(text(f"SELECT count(*) FROM {table} WHERE {column} LIKE :a"), {"a": f"%{address}%"})
            assert found.scalar() == 0, f"{table}.{column} keeps the erased candidate's address"
    assert {
        "interviewsession.user_id",
        "emotionsample.session_id",
        "answeraudio.session_id",
        "auditentry.session_id",
        "interviewquestion.session_id",
        "emotionsample.question_id",
        "answeraudio.question_id",
        "resume.user_id",
        "resumepassage.resume_id",
        "interviewquestion.resume_passage_id",
        "interviewsession.invitation_id",
        "outboxmessage.invitation_id",
    } <= set(checked)

    gone = api.get("/users/me", headers=candidate.headers)
    assert gone.status_code == 401
    assert "no longer exists" in gone.json()["detail"]
    assert api.post("/token", data={"username": candidate.username, "password": candidate.password}).status_code == 401


# ---------------------------------------------------------------- retention


def test_retention_task_deletes_exactly_what_is_past_the_limit(
    stack: RunningStack, api: httpx.Client, candidate: Account, celery_client: Celery, db: Engine
) -> None:
    sid = create_session(api, candidate)["id"]
    question = wait_for_question(api, candidate, sid, 1)
    answer(api, candidate, sid, question["id"], BACKEND_ANSWERS[0])
    second = wait_for_question(api, candidate, sid, 2)
    now = datetime.now(UTC)
    old, recent = now - timedelta(days=180, hours=1), now - timedelta(days=179, hours=23)
    with db.begin() as conn:
        ids: dict[str, dict[str, int]] = {"emotion": {}, "audio": {}}
        for label, at in (("old", old), ("recent", recent)):
            ids["emotion"][label] = conn.execute(
                text(
                    "INSERT INTO emotionsample (session_id, captured_at, faces_found, backend, created_at)"
                    " VALUES (:s, :at, 0, 'minixception', :at) RETURNING id"
                ),
                {"s": sid, "at": at},
            ).scalar_one()
            ids["audio"][label] = conn.execute(
                text(
                    "INSERT INTO answeraudio (session_id, question_id, wav, duration_s, created_at)"
                    " VALUES (:s, :q, :w, 1.0, :at) RETURNING id"
                ),
                {"s": sid, "q": question["id"], "w": b"wav", "at": at},
            ).scalar_one()
        # Question 1 answered (and transcribed) past the limit; question 2 within it.
        conn.execute(
            text("UPDATE interviewquestion SET transcript = 'old words', answered_at = :at WHERE id = :q"),
            {"at": old, "q": question["id"]},
        )
        conn.execute(
            text("UPDATE interviewquestion SET transcript = 'new words', asked_at = :at WHERE id = :q"),
            {"at": recent, "q": second["id"]},
        )

    outcome = celery_client.send_task(
        TaskName.PURGE_EXPIRED.value, kwargs={"payload": {"request_id": "purge-test"}}, queue="interview"
    ).get(timeout=TIMEOUT)
    assert outcome["status"] == "purged"
    assert outcome["retention_days"] == 180
    # Nothing else in this stack is that old: the counts are exactly the rows made old above.
    assert outcome["removed"] == {"answer_audio": 1, "emotion_samples": 1, "transcripts": 1, "video_frames": 0}

    with db.connect() as conn:
        emotions = set(conn.execute(text("SELECT id FROM emotionsample WHERE session_id = :s"), {"s": sid}).scalars())
        audio = set(conn.execute(text("SELECT id FROM answeraudio WHERE session_id = :s"), {"s": sid}).scalars())
        transcripts = dict(
            conn.execute(text("SELECT id, transcript FROM interviewquestion WHERE session_id = :s"), {"s": sid}).all()
        )
        kept_answer = conn.execute(
            text("SELECT answer_text FROM interviewquestion WHERE id = :q"), {"q": question["id"]}
        ).scalar()
    assert ids["emotion"]["old"] not in emotions
    assert ids["emotion"]["recent"] in emotions
    assert ids["audio"]["old"] not in audio
    assert ids["audio"]["recent"] in audio
    assert transcripts[question["id"]] is None
    assert transcripts[second["id"]] == "new words"
    assert kept_answer == BACKEND_ANSWERS[0]  # answers stay until the account is deleted, as the notice says

    logged = wait_until(
        lambda: [json.loads(line) for line in stack.log_text().splitlines() if '"expired data deleted"' in line],
        30,
        "the purge's log line",
    )
    assert logged[-1]["removed"] == outcome["removed"]
    assert "old words" not in stack.log_text()


def test_the_purge_is_scheduled() -> None:
    from ai_worker.celery_app import celery_app

    schedule = {entry["task"]: entry for entry in celery_app.conf.beat_schedule.values()}
    assert schedule[TaskName.PURGE_EXPIRED.value]["schedule"] <= 24 * 3600


def test_operator_erases_a_recruiter_and_the_access_log_keeps_the_name(
    stack: RunningStack, api: httpx.Client, candidate: Account, db: Engine
) -> None:
    import os
    import subprocess
    import sys

    from tests.conftest import create_recruiter

    recruiter = create_recruiter(stack, api)
    sid = create_session(api, candidate)["id"]
    assert api.get(f"/sessions/{sid}", headers=recruiter.headers).status_code == 200

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "backend_core.cli", "delete-user", *args],
            env={**os.environ, "DATABASE_URL": stack.database_url},
            capture_output=True,
            text=True,
            check=False,
        )

    unconfirmed = cli("--username", recruiter.username)
    assert unconfirmed.returncode == 2
    assert "--yes" in unconfirmed.stderr
    assert cli("--username", "nobody-here", "--yes").returncode == 1
    done = cli("--username", recruiter.username, "--yes")
    assert done.returncode == 0, done.stderr
    assert f"deleted recruiter '{recruiter.username}'" in done.stdout

    assert api.get("/users/me", headers=recruiter.headers).status_code == 401
    entries = api.get(f"/sessions/{sid}/audit", headers=candidate.headers).json()
    assert [(e["actor_id"], e["actor_username"], e["action"]) for e in entries] == [
        (None, recruiter.username, "session")
    ]
    with db.connect() as conn:
        assert conn.execute(text('SELECT count(*) FROM "user" WHERE id = :i'), {"i": recruiter.id}).scalar() == 0
