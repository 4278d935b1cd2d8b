"""Benchmark 3 — the API under load: requests per second and latency per endpoint and concurrency.

The platform runs as `make run` starts it (backend-core: one uvicorn process, as the launcher and the
Compose file run it; sync endpoints in AnyIO's thread pool of 40; SQLAlchemy pool 5 + 10 overflow;
a Celery worker with WORKER_CONCURRENCY=2), with AUTH_RATE_LIMIT raised so `/token` is not answered
429, and FIRST_QUESTION_WAIT_SECONDS at its default (5 s).

The load comes from locust, headless, in its own process (bench/.venv; bench/locustfile.py): for each
endpoint and concurrency (1, 16, 64 users with no think time) a fixed number of requests. Order:
`POST /token`, `POST /sessions` (the sessions it creates are reused), `GET /sessions/{id}/results`,
`POST /sessions/{id}/answers` (each request answers the first question of one of those sessions,
which queues an evaluation and the next question on the worker: background load, as in real use).

Client and server share the machine's 2 cores, so the load generator's own CPU use is reported.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import (
    BENCH_VENV,
    REPO,
    CpuMeter,
    machine_info,
    python_env,
    run_module,
    say,
    stack_processes,
    summary,
    table,
    versions,
    write_result,
)

ENDPOINTS = ("token", "sessions", "results", "answers")
LABELS = {
    "token": "POST /token",
    "sessions": "POST /sessions",
    "results": "GET /sessions/{id}/results",
    "answers": "POST /sessions/{id}/answers",
}
ANSWER = (
    "저는 결제 시스템의 Kafka 기반 이벤트 파이프라인을 설계했고, Redis 캐시로 조회 응답 시간을 320ms에서 45ms로 "
    "줄였습니다. 장애 때는 지표로 범위를 좁히고 요청 ID로 로그를 따라갔습니다."
)


def requests_for(concurrency: int, per_user: int, minimum: int) -> int:
    return max(minimum, concurrency * per_user)


def make_accounts(stack: Any, n: int) -> list[dict[str, Any]]:
    from tests.conftest import PASSWORD, make_client, register

    with make_client(stack.backend_url) as client:
        return [
            {"username": a.username, "password": PASSWORD, "token": a.token}
            for a in (register(client) for _ in range(n))
        ]


def fill_questions(stack: Any, sessions: list[dict[str, Any]], timeout: float = 120) -> list[dict[str, Any]]:
    """Sessions whose first question is known (POST /sessions returns it only when ready within the wait)."""
    import httpx

    missing = [s for s in sessions if not s.get("question_id")]
    deadline = time.monotonic() + timeout
    with httpx.Client(base_url=stack.backend_url, timeout=30) as client:
        while missing and time.monotonic() < deadline:
            still = []
            for s in missing:
                response = client.get(
                    f"/sessions/{s['id']}/questions", headers={"Authorization": f"Bearer {s['token']}"}
                )
                questions = response.json() if response.status_code == 200 else []
                first = next((q for q in questions if q["order"] == 1), None)
                if first:
                    s["question_id"] = first["id"]
                else:
                    still.append(s)
            missing = still
            if missing:
                time.sleep(1)
    return [s for s in sessions if s.get("question_id")]


def run_locust(stack: Any, plan: dict[str, Any], users: int, work: Path, timeout_s: float) -> dict[str, Any]:
    plan_path = work / f"plan-{plan['endpoint']}-{users}.json"
    out_path = work / f"out-{plan['endpoint']}-{users}.json"
    plan = {**plan, "out": str(out_path)}
    plan_path.write_text(json.dumps(plan))
    locust = BENCH_VENV / "bin" / "locust"
    command = [
        str(locust),
        "-f",
        str(REPO / "bench" / "locustfile.py"),
        "--headless",
        "--host",
        stack.backend_url,
        "-u",
        str(users),
        "-r",
        str(users),
        "--run-time",
        f"{int(timeout_s)}s",
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--stop-timeout",
        "30",
    ]
    meter = CpuMeter(stack_processes(stack)).start()
    started = time.monotonic()
    log = work / f"locust-{plan['endpoint']}-{users}.log"
    with log.open("w") as log_file:
        proc = subprocess.run(
            command,
            cwd=REPO,
            env=python_env(BENCH_API_PLAN=str(plan_path)),
            stdout=log_file,
            stderr=subprocess.STDOUT,
            timeout=timeout_s + 120,
            check=False,
        )
    if not out_path.exists():
        raise RuntimeError(f"locust wrote no results (exit {proc.returncode}); see {log}")
    out = json.loads(out_path.read_text())
    records = out["records"]
    span = (out["last_end"] - out["first_start"]) if records else 0.0
    # CPU seconds over the requests' span (the services idle while locust starts; its start-up is not counted).
    wall = span or (time.monotonic() - started)
    server = meter.stop(wall)
    busy = out.get("machine_busy_s", 0.0) / wall
    ok = [ms for _, ms, _, good in records if good]
    statuses: dict[str, int] = {}
    for _, _, status, _ in records:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    loadgen_cores = round(out["loadgen_cpu_s"] / wall, 3)
    return {
        "endpoint": plan["endpoint"],
        "concurrency": users,
        "requests": len(records),
        "ok": len(ok),
        "statuses": statuses,
        "seconds": round(span, 2),
        "rps": round(len(ok) / span, 1) if span > 0 else None,
        "latency_ms": summary([ms for _, ms, _, _ in records]),
        "loadgen_cpu_cores": loadgen_cores,
        "server_cpu_cores": server,
        "other_load_cores": round(max(0.0, busy - loadgen_cores - sum(server.values())), 2),
        "created": out.get("created", []),
        "locust_exit": proc.returncode,
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    say("\n== API: requests per second and latency per endpoint (locust, headless) ==")
    if not (BENCH_VENV / "bin" / "locust").exists():
        raise SystemExit(
            f"locust is not installed in {BENCH_VENV}: run `make bench` (it installs bench/requirements.txt)"
        )
    from bench.common import running_stack

    levels = [int(x) for x in args.concurrency.split(",")]
    endpoints = [e for e in ENDPOINTS if e in args.endpoints.split(",")]
    result: dict[str, Any] = {
        "machine": machine_info(),
        "versions": versions(),
        "settings": {
            "concurrency": levels,
            "requests_per_user": args.per_user,
            "minimum_requests": args.minimum,
            "backend_workers": args.backend_workers,
            "server": "backend-core: BACKEND_WORKERS uvicorn processes (launcher default 1), AnyIO thread pool 40, DB pool "
            "DB_POOL_SIZE+DB_MAX_OVERFLOW (defaults 10+10; 5+10 before the fix), requests admitted to the "
            "database up to the pool's size; ai-worker WORKER_CONCURRENCY=2",
            "stack_env": {"AUTH_RATE_LIMIT": "1000000", "FIRST_QUESTION_WAIT_SECONDS": "5 (default)"},
            "load_generator": "locust FastHttpUser, headless, one process, no think time",
        },
        "runs": [],
    }
    work = Path(tempfile.mkdtemp(prefix="bench-api-work-"))
    for backend_workers in [int(x) for x in args.backend_workers.split(",")]:
        say(f"  backend-core with {backend_workers} uvicorn process(es)")
        with running_stack("api", AUTH_RATE_LIMIT="1000000", BACKEND_WORKERS=str(backend_workers)) as stack:
            accounts = make_accounts(stack, args.accounts)
            created: list[dict[str, Any]] = []
            for endpoint in endpoints:
                for users in levels:
                    n = requests_for(users, args.per_user, args.minimum)
                    plan: dict[str, Any] = {
                        "endpoint": endpoint,
                        "requests": n,
                        "accounts": accounts,
                        "answer_text": ANSWER,
                        "session_body": session_body(stack),
                    }
                    if endpoint == "results":
                        if not created:
                            created = _seed_sessions(stack, accounts, 20)
                        plan["sessions"] = created
                    if endpoint == "answers":
                        pool = fill_questions(stack, [s for s in created if not s.get("answered")])
                        if len(pool) < n:
                            pool += fill_questions(stack, _seed_sessions(stack, accounts, n - len(pool)))
                        plan["sessions"] = pool[:n]
                        for s in pool[:n]:
                            s["answered"] = True
                        n = min(n, len(pool))
                        plan["requests"] = n
                    say(f"  {LABELS[endpoint]} × {n} at concurrency {users} …")
                    settle(stack)
                    try:
                        measured = run_locust(stack, plan, users, work, args.timeout)
                    except (RuntimeError, subprocess.SubprocessError) as exc:
                        say(f"    failed: {exc}")
                        result["runs"].append(
                            {
                                "endpoint": endpoint,
                                "concurrency": users,
                                "backend_workers": backend_workers,
                                "error": str(exc),
                            }
                        )
                        continue
                    if endpoint == "sessions":
                        created += measured["created"]
                    measured.pop("created")
                    lat = measured["latency_ms"]
                    say(
                        f"    {measured['rps']} req/s, p50 {lat['p50']} ms, p95 {lat['p95']} ms, p99 {lat['p99']} ms; "
                        f"statuses {measured['statuses']}; load generator {measured['loadgen_cpu_cores']} cores"
                    )
                    result["runs"].append(measured | {"backend_workers": backend_workers})
    shutil.rmtree(work, ignore_errors=True)
    report(result)
    path = write_result("api", result)
    say(f"\n  results: {path}")
    return result


def settle(stack: Any, max_s: float = 90.0) -> float:
    """Before a run: wait until the backend answers /health/ready promptly (the last run's requests are done)."""
    import httpx

    started = time.monotonic()
    while time.monotonic() - started < max_s:
        try:
            if httpx.get(f"{stack.backend_url}/health/ready", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(1)
    return time.monotonic() - started


def session_body(stack: Any) -> dict[str, Any]:
    """A `POST /sessions` body that agrees to the consent notice in force (emotion analysis declined)."""
    import httpx

    version = httpx.get(stack.backend_url + "/consent/notice", timeout=30).json()["version"]
    consent = {"interview": True, "emotion_analysis": False, "notice_version": version}
    return {"user_name": "벤치", "position": "백엔드 개발자", "consent": consent}


def _seed_sessions(stack: Any, accounts: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """Extra sessions made outside any measurement (when an endpoint runs without POST /sessions before it)."""
    import httpx

    sessions = []
    with httpx.Client(base_url=stack.backend_url, timeout=60) as client:
        for i in range(n):
            account = accounts[i % len(accounts)]
            response = client.post(
                "/sessions",
                json=session_body(stack),
                headers={"Authorization": f"Bearer {account['token']}"},
            )
            response.raise_for_status()
            body = response.json()
            first = body.get("first_question") or {}
            sessions.append({"id": body["id"], "question_id": first.get("id"), "token": account["token"]})
    return sessions


def report(result: dict[str, Any]) -> None:
    say("\n  Requests per second and latency (ms) per endpoint and concurrency")
    rows = []
    for r in result["runs"]:
        if "error" in r:
            rows.append([LABELS[r["endpoint"]], r.get("backend_workers", 1), r["concurrency"], "failed", *([""] * 10)])
            continue
        lat, cpu = r["latency_ms"], r["server_cpu_cores"]
        errors = r["requests"] - r["ok"]
        rows.append([LABELS[r["endpoint"]], r.get("backend_workers", 1), r["concurrency"], r["requests"], errors, r["rps"], lat["p50"], lat["p95"],
                     lat["p99"], cpu.get("backend-core"), cpu.get("postgresql"), cpu.get("ai-worker"),
                     r["loadgen_cpu_cores"], r["other_load_cores"]])  # fmt: skip
    say(table(["endpoint", "backend processes", "users", "requests", "errors", "req/s", "p50", "p95", "p99", "backend CPU", "pg CPU",
               "worker CPU", "locust CPU", "other load"], rows, 1))  # fmt: skip


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--concurrency", default="1,16,64")
    parser.add_argument(
        "--backend-workers", default="1,2", help="BACKEND_WORKERS values, a stack each (default 1,2: side by side)"
    )
    parser.add_argument("--endpoints", default=",".join(ENDPOINTS))
    parser.add_argument("--per-user", type=int, default=10, help="requests per user at each level (default 10)")
    parser.add_argument("--minimum", type=int, default=100, help="at least this many requests per run (default 100)")
    parser.add_argument("--accounts", type=int, default=8, help="candidate accounts the users share")
    parser.add_argument("--timeout", type=float, default=240, help="safety limit per locust run, seconds")


def main() -> None:
    run_module(__doc__, add_arguments, run)


if __name__ == "__main__":
    main()
