"""Compose healthchecks of the images built from ai-worker.

python -m ai_worker.healthcheck                 # a worker: this host's worker answers a Celery ping
python -m ai_worker.healthcheck --beat FILE     # beat: the scheduler with schedule FILE ticked lately
"""

from __future__ import annotations

import argparse
import socket
import sys

from ai_worker.beat import HEARTBEAT_STALE_SECONDS, heartbeat_age


def worker_alive() -> str | None:
    """None when `celery@<hostname>` answers a ping, else why not."""
    from interview_common.queue import get_celery

    destination = [f"celery@{socket.gethostname()}"]
    replies = get_celery().control.ping(destination=destination, timeout=5.0)
    return None if replies else f"no ping reply from {destination[0]}"


def beat_alive(schedule_filename: str) -> str | None:
    """None when the scheduler ticked within HEARTBEAT_STALE_SECONDS, else why not."""
    age = heartbeat_age(schedule_filename)
    if age is None:
        return f"the scheduler has not ticked yet (no heartbeat next to {schedule_filename})"
    if age > HEARTBEAT_STALE_SECONDS:
        return f"the scheduler last ticked {age:.0f}s ago (more than {HEARTBEAT_STALE_SECONDS:.0f}s)"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="healthcheck of an ai-worker container")
    parser.add_argument("--beat", metavar="SCHEDULE_FILE", help="check the scheduler using this schedule file")
    args = parser.parse_args(argv)
    problem = beat_alive(args.beat) if args.beat else worker_alive()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
