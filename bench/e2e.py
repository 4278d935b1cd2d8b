"""Benchmark 2 — end-to-end emotion latency and one worker process's capacity, with real WebRTC clients.

Part A (latency): the platform as `make run` starts it (its defaults: EMOTION_FPS=1; frames analysed
by the media worker, MEDIA_WORKER_CONCURRENCY=1 process), with 1, 8 and 32 concurrent aiortc clients
(tests/media_client.py), each streaming a small still picture.
For every frame the media server sampled in the measured window, latency = the row's
`emotionsample.created_at` − `captured_at`: from the frame leaving the media server's decoder
(`captured_at`, set as the sampler takes it) to the worker building the row after the analysis
(`created_at` is set when the row object is made, just before INSERT + COMMIT, so the commit itself —
measured by the emotion benchmark as "db write" — is not in it).

Part A' (what if): the 8-client level again with MEDIA_WORKER_CONCURRENCY=2, a setting only.

Part B (capacity): a second stack with WORKER_CONCURRENCY=1 and MEDIA_WORKER_CONCURRENCY=1 (one process
analyses the frames) and
MEDIA_MAX_PEERS raised so that the media server is not the limit; clients are added step by step
and each step is held for a fixed time. A step is sustained when the media server dropped no frame
(`GET /stats`: frames.dropped) and it ended with at most one frame per client waiting for analysis
(the media server's in-flight counters in Redis): more means the queue is growing. The answer is the
largest sustained step.

Client and server share the machine's 2 cores: the clients send at a low frame rate (3 fps, 320×240),
and the client process's own CPU use is reported beside the services'.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import re
import time
from datetime import UTC, datetime
from typing import Any

import httpx

from bench.common import (
    CpuMeter,
    SystemMeter,
    machine_info,
    percentile,
    ratio,
    run_module,
    running_stack,
    say,
    self_cpu_seconds,
    stack_processes,
    summary,
    table,
    versions,
    write_result,
)

TARGET_P95_MS = 250.0
TARGET_LEVEL = 8


class Clients:
    """aiortc peers streaming the still picture, one per session."""

    def __init__(self, stack: Any, token: str, fps: int) -> None:
        from bench.frames import client_image_rgb

        self.stack = stack
        self.token = token
        self.fps = fps
        self.image = client_image_rgb()
        self.peers: dict[int, Any] = {}

    async def add(self, session_ids: list[int], within_s: float = 60) -> None:
        from tests.media_client import StillImageTrack, connect

        semaphore = asyncio.Semaphore(8)

        async def one(sid: int) -> None:
            async with semaphore:
                pc, response = await connect(
                    self.stack.media_url, self.token, sid, [StillImageTrack(self.image, self.fps)]
                )
            if response.status_code != 200:
                await pc.close()
                raise RuntimeError(f"offer for session {sid} refused: {response.status_code} {response.text[:200]}")
            self.peers[sid] = pc

        await asyncio.gather(*(one(s) for s in session_ids))
        deadline = time.monotonic() + within_s
        while time.monotonic() < deadline:
            stats = await media_stats(self.stack)
            receiving = {s["session_id"] for s in stats["sessions"] if (s.get("frames") or {}).get("received", 0) > 0}
            if set(session_ids) <= receiving:
                return
            await asyncio.sleep(0.5)
        raise RuntimeError(f"not every client was streaming after {within_s}s")

    async def close(self) -> None:
        await asyncio.gather(*(pc.close() for pc in self.peers.values()), return_exceptions=True)
        self.peers.clear()


_stats_tokens: dict[str, str] = {}


def stats_token(stack: Any) -> str:
    """`GET /stats` is for recruiters: one recruiter per stack, made as an operator would (the CLI)."""
    if stack.media_url not in _stats_tokens:
        from tests.conftest import create_recruiter, make_client

        with make_client(stack.backend_url) as client:
            _stats_tokens[stack.media_url] = create_recruiter(stack, client).token
    return _stats_tokens[stack.media_url]


async def media_stats(stack: Any) -> dict[str, Any]:
    token = await asyncio.to_thread(stats_token, stack)
    async with httpx.AsyncClient(timeout=10, headers={"Authorization": f"Bearer {token}"}) as client:
        response = await client.get(f"{stack.media_url}/stats")
        response.raise_for_status()
        return response.json()


def frame_counters(stats: dict[str, Any], session_ids: set[int]) -> dict[str, int]:
    total = {"received": 0, "queued": 0, "dropped": 0, "failed": 0}
    for peer in stats["sessions"]:
        if peer["session_id"] in session_ids and peer.get("frames"):
            for key in total:
                total[key] += int(peer["frames"].get(key, 0))
    return total


def in_flight(stack: Any, session_ids: list[int]) -> int:
    """Frames queued by the media server and not yet analysed (its per-session counters in Redis)."""
    import redis

    client = redis.Redis.from_url(stack.redis_url)
    try:
        values = client.mget([f"media:inflight:{sid}" for sid in session_ids])
    finally:
        client.close()
    return sum(max(0, int(v)) for v in values if v is not None)


def delta(after: dict[str, int], before: dict[str, int]) -> dict[str, int]:
    return {k: after[k] - before.get(k, 0) for k in after}


def latencies(engine: Any, session_ids: list[int], start: datetime, end: datetime) -> list[tuple[float, float]]:
    """(seconds since `start` of capture, latency ms) for every row captured in [start, end)."""
    from sqlalchemy import bindparam, text

    query = text(
        "SELECT EXTRACT(EPOCH FROM captured_at - :start) AS at, "
        "EXTRACT(EPOCH FROM created_at - captured_at) * 1000 AS ms "
        "FROM emotionsample WHERE session_id IN :ids AND captured_at >= :start AND captured_at < :end "
        "ORDER BY captured_at"
    ).bindparams(bindparam("ids", expanding=True))
    with engine.connect() as conn:
        rows = conn.execute(query, {"ids": session_ids, "start": start, "end": end}).all()
    return [(float(at), float(ms)) for at, ms in rows]


def row_count(engine: Any, session_ids: list[int]) -> int:
    from sqlalchemy import bindparam, text

    query = text("SELECT count(*) FROM emotionsample WHERE session_id IN :ids").bindparams(
        bindparam("ids", expanding=True)
    )
    with engine.connect() as conn:
        return int(conn.execute(query, {"ids": session_ids}).scalar_one())


async def drain(engine: Any, session_ids: list[int], quiet_s: float = 3.0, max_s: float = 90.0) -> float:
    """Wait until no new row arrives for `quiet_s` (the worker caught up); the seconds it took."""
    started = time.monotonic()
    last, last_change = -1, time.monotonic()
    while time.monotonic() - started < max_s:
        count = await asyncio.to_thread(row_count, engine, session_ids)
        if count != last:
            last, last_change = count, time.monotonic()
        elif time.monotonic() - last_change >= quiet_s:
            break
        await asyncio.sleep(0.5)
    return round(time.monotonic() - started, 1)


def make_sessions(stack: Any, n: int) -> tuple[str, list[int]]:
    """One candidate with n interview sessions (each gets its first question, as a browser would wait for)."""
    from tests.conftest import create_session, make_client, register

    with make_client(stack.backend_url) as client:
        account = register(client)
        ids = [int(create_session(client, account)["id"]) for _ in range(n)]
    return account.token, ids


async def measure_window(
    stack: Any, engine: Any, clients: Clients, session_ids: list[int], seconds: float
) -> dict[str, Any]:
    """Counters, latencies and CPU over one window while the given sessions stream."""
    sids = set(session_ids)
    meter = CpuMeter(stack_processes(stack)).start()
    machine = SystemMeter().start()
    client_cpu0, wall0 = self_cpu_seconds(), time.monotonic()
    before = frame_counters(await media_stats(stack), sids)
    waiting_before = await asyncio.to_thread(in_flight, stack, session_ids)
    start = datetime.now(UTC)
    await asyncio.sleep(seconds)
    end = datetime.now(UTC)
    after = frame_counters(await media_stats(stack), sids)
    waiting_after = await asyncio.to_thread(in_flight, stack, session_ids)
    wall = time.monotonic() - wall0
    client_cores = round((self_cpu_seconds() - client_cpu0) / wall, 3)
    server_cores = meter.stop()
    busy = machine.stop()
    return {
        "machine_busy_cores": busy,
        # CPU used by processes that are neither the clients nor the platform (other work on the machine).
        "other_load_cores": round(max(0.0, busy - client_cores - sum(server_cores.values())), 2),
        "start": start,
        "end": end,
        "seconds": round(wall, 1),
        "frames": delta(after, before),
        "in_flight_at_start": waiting_before,
        "in_flight_at_end": waiting_after,
        "client_cpu_cores": client_cores,
        "server_cpu_cores": server_cores,
    }


_TASK = re.compile(r"Task ai\.analyze_emotion\[([0-9a-f-]+)\] (received|succeeded)")
_CAPTURED = re.compile(r"'captured_at': '([^']+)'")
_SESSION = re.compile(r"'session_id': (\d+)")


def task_breakdown(log_text: str, session_ids: list[int], start: datetime, end: datetime) -> dict[str, Any]:
    """Where the latency goes, from the worker's own log lines (Celery's `received` and `succeeded in`).

    transport: captured_at → the worker received the task (media server: convert, JPEG, enqueue; Redis;
    Celery fetch); wait: received → the task started (queued inside the worker); run: the task itself.
    """
    wanted = set(session_ids)
    received: dict[str, tuple[datetime, datetime]] = {}
    parts: dict[str, list[float]] = {"transport": [], "wait": [], "run": []}
    for line in log_text.splitlines():
        if "ai.analyze_emotion[" not in line:
            continue
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        match = _TASK.search(entry.get("message", ""))
        if not match:
            continue
        task_id, what = match.groups()
        ts = datetime.fromisoformat(entry["ts"])
        if what == "received":
            kwargs = str((entry.get("data") or {}).get("kwargs", ""))
            cap, sid = _CAPTURED.search(kwargs), _SESSION.search(kwargs)
            if not cap or not sid or int(sid.group(1)) not in wanted:
                continue
            captured = datetime.fromisoformat(cap.group(1).replace("Z", "+00:00"))
            if start <= captured < end:
                received[task_id] = (captured, ts)
        elif task_id in received:
            runtime = float((entry.get("data") or {}).get("runtime", 0.0))
            captured, got = received.pop(task_id)
            started = ts.timestamp() - runtime
            parts["transport"].append((got - captured).total_seconds() * 1000)
            parts["wait"].append(max(0.0, (started - got.timestamp()) * 1000))
            parts["run"].append(runtime * 1000)
    return {name: summary(values) for name, values in parts.items()}


def latency_report(points: list[tuple[float, float]], window_s: float) -> dict[str, Any]:
    values = [ms for _, ms in points]
    third = window_s / 3
    early = [ms for at, ms in points if at < third]
    late = [ms for at, ms in points if at >= 2 * third]
    return {
        "latency_ms": summary(values),
        "p50_first_third_ms": percentile(early, 50),
        "p50_last_third_ms": percentile(late, 50),
    }


async def part_a(args: argparse.Namespace, levels: list[int], label: str = "e2e", **env: str) -> dict[str, Any]:
    from sqlalchemy import create_engine

    out: dict[str, Any] = {"levels": []}
    with running_stack(label, AUTH_RATE_LIMIT="100000", **env) as stack:
        out["stack_env"] = {
            "WORKER_CONCURRENCY": "2 (default)",
            "MEDIA_WORKER_CONCURRENCY": "1 (default)",
            "EMOTION_FPS": "1 (default)",
            **env,
        }
        engine = create_engine(stack.database_url)
        token, sessions = await asyncio.to_thread(make_sessions, stack, max(levels))
        try:
            for n in levels:
                say(f"  {n} client(s): connecting …")
                clients = Clients(stack, token, args.client_fps)
                ids = sessions[:n]
                try:
                    await clients.add(ids)
                    await asyncio.sleep(args.warmup)
                    window = await measure_window(stack, engine, clients, ids, args.seconds)
                finally:
                    await clients.close()
                drained = await drain(engine, ids)
                points = await asyncio.to_thread(latencies, engine, ids, window["start"], window["end"])
                level = {"clients": n, **window, "rows": len(points), "drain_s": drained}
                level["worker_log_ms"] = task_breakdown(stack.log_text(), ids, window["start"], window["end"])
                level |= latency_report(points, window["seconds"])
                level["sampled_fps_per_client"] = round(window["frames"]["queued"] / window["seconds"] / n, 2)
                lat = level["latency_ms"]
                say(
                    f"    p50 {lat['p50']} ms, p95 {lat['p95']} ms, p99 {lat['p99']} ms over {lat['n']} frames; "
                    f"dropped {window['frames']['dropped']}; client CPU {window['client_cpu_cores']} cores"
                )
                out["levels"].append(level)
        finally:
            engine.dispose()
    return out


async def part_b(args: argparse.Namespace) -> dict[str, Any]:
    from sqlalchemy import create_engine

    steps = [int(x) for x in args.capacity_steps.split(",")]
    # One worker process for the frames: WORKER_CONCURRENCY=1, and MEDIA_WORKER_CONCURRENCY=1 where the
    # launcher runs media work in a worker of its own.
    env = {
        "AUTH_RATE_LIMIT": "100000",
        "WORKER_CONCURRENCY": "1",
        "MEDIA_WORKER_CONCURRENCY": "1",
        "MEDIA_MAX_PEERS": str(max(steps) + 8),
    }
    out: dict[str, Any] = {"steps": [], "stack_env": env}
    with running_stack("capacity", **env) as stack:
        engine = create_engine(stack.database_url)
        token, sessions = await asyncio.to_thread(make_sessions, stack, max(steps))
        clients = Clients(stack, token, args.client_fps)
        try:
            for n in steps:
                ids = sessions[:n]
                await clients.add([s for s in ids if s not in clients.peers])
                await asyncio.sleep(args.warmup)
                window = await measure_window(stack, engine, clients, ids, args.step_seconds)
                points = await asyncio.to_thread(latencies, engine, ids, window["start"], window["end"])
                step = {"clients": n, **window, "rows_so_far": len(points)}
                step["worker_log_ms"] = task_breakdown(stack.log_text(), ids, window["start"], window["end"])
                step |= latency_report(points, window["seconds"])
                offered = window["frames"]["queued"] + window["frames"]["dropped"]
                step["offered_fps"] = round(offered / window["seconds"], 2)
                early, late = step["p50_first_third_ms"], step["p50_last_third_ms"]
                # Keeping up, each session has at most the frame being analysed in flight.
                growing = window["in_flight_at_end"] > n
                step["backlog_growing"] = growing
                step["sustained"] = window["frames"]["dropped"] == 0 and window["frames"]["failed"] == 0 and not growing
                say(
                    f"  {n:>3} clients: offered {step['offered_fps']} fps, dropped {window['frames']['dropped']}, "
                    f"waiting {window['in_flight_at_start']} → {window['in_flight_at_end']}, "
                    f"p50 {early} → {late} ms, workers {workers_cpu(window['server_cpu_cores'])} cores, "
                    f"media {window['server_cpu_cores'].get('media-server')} cores, client {window['client_cpu_cores']}"
                    f" → {'sustained' if step['sustained'] else 'NOT sustained'}"
                )
                out["steps"].append(step)
                if not step["sustained"]:
                    break
        finally:
            await clients.close()
            with contextlib.suppress(Exception):
                await drain(engine, sessions, max_s=30)
            engine.dispose()
    sustained = [s["clients"] for s in out["steps"] if s["sustained"]]
    first_fail = next((s["clients"] for s in out["steps"] if not s["sustained"]), None)
    out["max_sustained_clients"] = max(sustained) if sustained else 0
    out["first_unsustained_clients"] = first_fail
    return out


def workers_cpu(cpu: dict[str, float]) -> float:
    """Cores used by the Celery workers (one worker, or the interview and media workers together)."""
    return round(cpu.get("ai-worker", 0.0) + cpu.get("ai-worker-media", 0.0), 2)


def report(result: dict[str, Any]) -> None:
    a = result.get("latency")
    if a or result.get("what_if_media2"):
        say("\n  End-to-end latency, frame captured at the media server → row built by the worker (ms)")
        rows = []
        levels = [(str(lv["clients"]), lv) for lv in (a or {}).get("levels", [])]
        what_if = (result.get("what_if_media2") or {}).get("levels", [])
        levels += [(f"{lv['clients']}, 2 media procs", lv) for lv in what_if]
        for name, lv in levels:
            lat, f = lv["latency_ms"], lv["frames"]
            cpu = lv["server_cpu_cores"]
            rows.append([name, lat["n"], lat["p50"], lat["p95"], lat["p99"], lat["max"], f["dropped"],
                         lv["sampled_fps_per_client"], lv["client_cpu_cores"], cpu.get("media-server"),
                         workers_cpu(cpu), cpu.get("postgresql"), lv["other_load_cores"]])  # fmt: skip
        say(table(["clients", "frames", "p50", "p95", "p99", "max", "dropped", "fps/client", "client CPU",
                   "media CPU", "workers CPU", "pg CPU", "other load"], rows, 2))  # fmt: skip
        say("\n  Where it goes (ms, p50 / p95, from the worker's Celery log): to worker = capture → task received"
            " (media server JPEG + enqueue, waiting in Redis, fetch), wait = inside the worker, run = the task")  # fmt: skip
        rows = []
        for name, lv in levels:
            b = lv.get("worker_log_ms") or {}
            rows.append([name, *(f"{b[k]['p50']:.0f} / {b[k]['p95']:.0f}" if b.get(k, {}).get("n") else "—"
                                 for k in ("transport", "wait", "run"))])  # fmt: skip
        say(table(["clients", "to worker", "wait", "run"], rows))
        t = result.get("target")
        if t:
            say(f"  target p95 < {TARGET_P95_MS:.0f} ms at {TARGET_LEVEL} clients: p95 = {t['p95_ms']} ms → "
                f"{'met' if t['met'] else 'MISSED'} (ratio p95/target {t['ratio_to_target']})")  # fmt: skip
    b = result.get("capacity")
    if b:
        say("\n  One worker process (WORKER_CONCURRENCY=1): clients sustained before frames are dropped")
        rows = []
        for s in b["steps"]:
            cpu = s["server_cpu_cores"]
            rows.append([s["clients"], s["offered_fps"], s["frames"]["dropped"], s["latency_ms"]["p50"],
                         s["latency_ms"]["p95"], s["p50_first_third_ms"], s["p50_last_third_ms"],
                         workers_cpu(cpu), cpu.get("media-server"), s["client_cpu_cores"],
                         s["other_load_cores"], s["in_flight_at_end"], "yes" if s["sustained"] else "NO"])  # fmt: skip
        say(table(["clients", "offered fps", "dropped", "p50", "p95", "p50 start", "p50 end", "workers CPU",
                   "media CPU", "client CPU", "other load", "waiting at end", "sustained"], rows, 2))  # fmt: skip
        say(f"  largest sustained: {b['max_sustained_clients']} concurrent interviews per worker process"
            + (f" (first failing step: {b['first_unsustained_clients']})" if b["first_unsustained_clients"] else
               " (every step held: the limit is above the largest step)"))  # fmt: skip


async def run_async(args: argparse.Namespace) -> dict[str, Any]:
    result: dict[str, Any] = {
        "machine": machine_info(),
        "versions": versions(),
        "settings": {
            "client_fps": args.client_fps,
            "client_image": "astronaut 4:3, 320×240, StillImageTrack (VP8)",
            "warmup_s": args.warmup,
            "seconds_per_level": args.seconds,
            "seconds_per_capacity_step": args.step_seconds,
        },
    }
    if args.part in ("all", "latency"):
        say("\n  Part A — latency at 1/8/32 clients (the launcher's defaults: EMOTION_FPS=1, one media worker process)")
        result["latency"] = await part_a(args, [int(x) for x in args.levels.split(",")])
        level = next((lv for lv in result["latency"]["levels"] if lv["clients"] == TARGET_LEVEL), None)
        if level and level["latency_ms"]["p95"] is not None:
            p95 = level["latency_ms"]["p95"]
            result["target"] = {
                "p95_ms_below": TARGET_P95_MS,
                "clients": TARGET_LEVEL,
                "p95_ms": p95,
                "met": p95 < TARGET_P95_MS,
                "ratio_to_target": ratio(p95, TARGET_P95_MS),
            }
    if args.part in ("all", "what-if") and args.what_if_level:
        say(
            f"\n  Part A' — what if: MEDIA_WORKER_CONCURRENCY=2 (two processes analyse frames, one per core), "
            f"{args.what_if_level} clients; a setting, no code changed"
        )
        result["what_if_media2"] = await part_a(args, [args.what_if_level], "e2e-media2", MEDIA_WORKER_CONCURRENCY="2")
    if args.part in ("all", "capacity"):
        say("\n  Part B — capacity of one worker process (WORKER_CONCURRENCY=1)")
        result["capacity"] = await part_b(args)
    return result


def run(args: argparse.Namespace) -> dict[str, Any]:
    say("\n== End-to-end: media server → PostgreSQL, real aiortc clients ==")
    result = asyncio.run(run_async(args))
    report(result)
    path = write_result("e2e", result)
    say(f"\n  results: {path}")
    return result


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--part", choices=["all", "latency", "what-if", "capacity"], default="all")
    parser.add_argument(
        "--what-if-level",
        type=int,
        default=TARGET_LEVEL,
        help="clients for the MEDIA_WORKER_CONCURRENCY=2 run (0: skip it)",
    )
    parser.add_argument("--levels", default="1,8,32", help="concurrent clients for the latency part")
    parser.add_argument("--seconds", type=float, default=30.0, help="measured seconds per latency level")
    parser.add_argument("--capacity-steps", default="2,4,6,8,10,12,16,20,24,32,40,48")
    parser.add_argument("--step-seconds", type=float, default=30.0, help="measured seconds per capacity step")
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds streamed before measuring")
    parser.add_argument("--client-fps", type=int, default=3, help="frames per second each client sends")


def main() -> None:
    run_module(__doc__, add_arguments, run)


if __name__ == "__main__":
    main()
