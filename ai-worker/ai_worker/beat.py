"""The scheduler (Celery beat) as a service of its own, with a heartbeat its healthcheck reads.

Exactly one beat runs per deployment (Compose's `beat` service, the launcher's `beat` process):
workers can then be scaled or killed without the periodic tasks stopping or running twice.
Beat answers no Celery ping, so each scheduler tick touches a file next to the schedule file;
`python -m ai_worker.healthcheck --beat <schedule file>` is healthy while that file is fresh.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from celery.beat import PersistentScheduler

# Beat ticks at least this often (Celery's default is every 5 minutes when nothing is due sooner).
MAX_LOOP_INTERVAL_SECONDS = 10.0
# A heartbeat older than this means the scheduler loop is stuck or gone.
HEARTBEAT_STALE_SECONDS = 6 * MAX_LOOP_INTERVAL_SECONDS


def heartbeat_path(schedule_filename: str | Path) -> Path:
    return Path(f"{schedule_filename}.heartbeat")


class HeartbeatScheduler(PersistentScheduler):
    """Celery's file-backed scheduler, touching `<schedule>.heartbeat` on every tick."""

    def setup_schedule(self) -> None:
        # A heartbeat left by an earlier process (a restarted container keeps /tmp) says nothing of this one.
        heartbeat_path(self.schedule_filename).unlink(missing_ok=True)
        super().setup_schedule()

    def tick(self, *args: Any, **kwargs: Any) -> float:
        interval = super().tick(*args, **kwargs)
        heartbeat_path(self.schedule_filename).touch()
        return interval


def heartbeat_age(schedule_filename: str | Path) -> float | None:
    """Seconds since the scheduler last ticked, or None when it never has."""
    try:
        return time.time() - heartbeat_path(schedule_filename).stat().st_mtime
    except FileNotFoundError:
        return None
