"""Killing the worker in the middle of an interview loses nothing."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import psutil

from tests.conftest import RunningStack, make_client, register, session_body, start_stack, wait_until
from tests.interview_script import BACKEND_ANSWERS, answer, questions, results, wait_for_question, wait_for_results


def _worker(stack: RunningStack) -> psutil.Process | None:
    """The interview worker (not the media one); None while the launcher is restarting it."""
    for process in psutil.Process(stack.proc.pid).children():
        try:
            if process.status() != psutil.STATUS_ZOMBIE and "embedded-worker@" in " ".join(process.cmdline()):
                return process
        except psutil.Error:
            continue
    return None


def _kill_worker(stack: RunningStack) -> int:
    """SIGKILL the worker and its pool processes at once, as a crashed container would go."""
    worker = wait_until(lambda: _worker(stack), timeout=30, what="the worker to be running")
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(10)
    return worker.pid


def test_killing_the_worker_mid_interview_loses_nothing(tmp_path: Path) -> None:
    stack = start_stack(tmp_path / "data")
    try:
        with make_client(stack.backend_url) as api:
            candidate = register(api)
            started = api.post("/sessions", json=session_body(api, user_name="복구"), headers=candidate.headers).json()
            sid = started["id"]
            for order, text in enumerate(BACKEND_ANSWERS, start=1):
                question = wait_for_question(api, candidate, sid, order)
                if order in (2, 5):
                    # Answer while the worker dies: its tasks are in flight or not yet taken.
                    killed = _kill_worker(stack)
                    answer(api, candidate, sid, question["id"], text)
                    if order == 5:
                        assert results(api, candidate, sid)["status"] == "processing"
                    wait_until(
                        lambda k=killed: (w := _worker(stack)) is not None and w.pid != k,
                        timeout=30,
                        what="the worker to restart",
                    )
                else:
                    answer(api, candidate, sid, question["id"], text)

            ready = wait_for_results(api, candidate, sid, "ready")
            assert ready["progress"] == {"total": 5, "asked": 5, "answered": 5, "evaluated": 5}
            final = questions(api, candidate, sid)
            assert [q["order"] for q in final] == [1, 2, 3, 4, 5]
            assert all(q["evaluation"] is not None for q in final)
        assert "ai-worker exited with code -9; restarting it" in stack.terminal_text()
    finally:
        assert stack.stop() == 0
