"""The API benchmark's locust user (run by bench/api.py as `locust --headless`, in bench/.venv).

The plan comes from the JSON file in BENCH_API_PLAN: which endpoint, how many requests in all, the
accounts' credentials and tokens, and the sessions to use. Every user sends requests back to back
(no think time) until the total is reached; the last user to stop ends the run. Each response time
is recorded exactly (not locust's rounded buckets) and written, with the load generator's own CPU
time, to the plan's `out` file.
"""

from __future__ import annotations

import itertools
import json
import os
import time
from typing import Any

import psutil
from locust import FastHttpUser, events, task
from locust.exception import StopUser

PLAN: dict[str, Any] = json.loads(open(os.environ["BENCH_API_PLAN"]).read())  # noqa: SIM115
ENDPOINT: str = PLAN["endpoint"]
TOTAL: int = PLAN["requests"]

state: dict[str, Any] = {
    "issued": 0,
    "active": 0,
    "first": None,
    "last": None,
    "cpu_at_first": None,
    "busy_at_first": None,
}
records: list[tuple[float, float, int, bool]] = []  # (start offset s, ms, status, ok)
created: list[dict[str, Any]] = []
_accounts = itertools.cycle(PLAN["accounts"])
_sessions = iter(PLAN.get("sessions", []))


def _machine_busy() -> float:
    t = psutil.cpu_times()
    return sum(t) - t.idle - getattr(t, "iowait", 0.0)


@events.quitting.add_listener
def _write(environment: Any, **kwargs: Any) -> None:
    cpu = os.times()
    with open(PLAN["out"], "w") as out:
        json.dump(
            {
                "records": records,
                "created": created,
                "first_start": state["first"],
                "last_end": state["last"],
                # From the first request on: locust's own start-up is not load generation.
                "loadgen_cpu_s": cpu.user + cpu.system - (state["cpu_at_first"] or 0.0),
                # CPU seconds the whole machine was busy over the same time (every process).
                "machine_busy_s": _machine_busy() - (state["busy_at_first"] or 0.0),
            },
            out,
        )


class ApiUser(FastHttpUser):
    # No think time: each user sends its next request as soon as the previous one is answered.
    network_timeout = 60.0
    connection_timeout = 10.0

    def on_start(self) -> None:
        state["active"] += 1
        self.account = next(_accounts)

    def on_stop(self) -> None:
        state["active"] -= 1
        if state["active"] == 0:
            self.environment.runner.quit()

    def _record(self, started: float, response: Any, expected: int) -> None:
        ended = time.time()
        state["first"] = started if state["first"] is None else min(state["first"], started)
        state["last"] = ended if state["last"] is None else max(state["last"], ended)
        status = int(response.status_code or 0)
        records.append((started, (ended - started) * 1000, status, status == expected))

    @task
    def one(self) -> None:
        if state["issued"] >= TOTAL:
            raise StopUser()
        state["issued"] += 1
        if state["cpu_at_first"] is None:
            times = os.times()
            state["cpu_at_first"] = times.user + times.system
            state["busy_at_first"] = _machine_busy()
        auth = {"Authorization": f"Bearer {self.account['token']}"}
        started = time.time()
        if ENDPOINT == "token":
            body = f"username={self.account['username']}&password={self.account['password']}"
            with self.client.post(
                "/token",
                data=body,
                headers={"Content-Type": "application/x-www-form-urlencoded"},
                catch_response=True,
            ) as response:
                self._record(started, response, 200)
        elif ENDPOINT == "sessions":
            with self.client.post(
                "/sessions", json=PLAN["session_body"], headers=auth, catch_response=True
            ) as response:
                self._record(started, response, 201)
                if response.status_code == 201:
                    body = response.json()
                    first = body.get("first_question") or {}
                    created.append({"id": body["id"], "question_id": first.get("id"), "token": self.account["token"]})
        elif ENDPOINT == "answers":
            session = next(_sessions, None)
            if session is None:
                raise StopUser()
            with self.client.post(
                f"/sessions/{session['id']}/answers",
                json={"question_id": session["question_id"], "answer_text": PLAN["answer_text"]},
                headers={"Authorization": f"Bearer {session['token']}"},
                name="/sessions/{id}/answers",
                catch_response=True,
            ) as response:
                self._record(started, response, 201)
        elif ENDPOINT == "results":
            session = PLAN["sessions"][state["issued"] % len(PLAN["sessions"])]
            with self.client.get(
                f"/sessions/{session['id']}/results",
                headers={"Authorization": f"Bearer {session['token']}"},
                name="/sessions/{id}/results",
                catch_response=True,
            ) as response:
                self._record(started, response, 200)
        else:
            raise StopUser()
