"""`make run`'s launcher: data survives a restart, Ctrl-C stops every process it started."""

from __future__ import annotations

from pathlib import Path

import httpx
import psutil
import pytest

from tests.conftest import PASSWORD, login, make_client, register, start_stack


def _descendants(pid: int) -> list[psutil.Process]:
    return psutil.Process(pid).children(recursive=True)


def test_restart_keeps_data_and_ctrl_c_stops_everything(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    first = start_stack(data_dir)
    try:
        children = _descendants(first.proc.pid)
        names = " ".join(" ".join(p.cmdline()) for p in children)
        for expected in ("backend_core.main:app", "ai_worker.celery_app", "media_server.main:app", "redis-server"):
            assert expected in names
        with make_client(first.backend_url) as api:
            account = register(api)
    finally:
        assert first.stop() == 0
    assert not [p for p in children if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert not (data_dir / "stack.json").exists()

    second = start_stack(data_dir)
    try:
        with make_client(second.backend_url) as api:
            token = login(api, account.username, PASSWORD)
            me = api.get("/users/me", headers={"Authorization": f"Bearer {token}"})
        assert me.json()["username"] == account.username
    finally:
        assert second.stop() == 0


def test_gateway_serves_the_app_and_proxies_both_services(stack) -> None:
    with httpx.Client(base_url=stack.web_url, timeout=10) as web:
        index = web.get("/")
        assert index.status_code == 200
        assert '<div id="root">' in index.text
        assert web.get("/interview/some/client/route").text == index.text  # client-side routes get index.html
        assert web.get("/api/health/ready").json()["status"] == "ready"
        assert web.get("/media/health/ready").json()["status"] == "ready"
        assert web.get("/api/users/me").status_code == 401


def test_refuses_to_start_on_a_taken_port(tmp_path: Path, stack) -> None:
    taken = stack.backend_url.rsplit(":", 1)[1]
    with pytest.raises(RuntimeError, match=f"BACKEND_PORT={taken}"):
        start_stack(tmp_path / "clash", BACKEND_PORT=taken)
