"""Waiting for a dependency at start-up: retried with backoff, each wait logged."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

logger = logging.getLogger(__name__)


def wait_until_ready(name: str, probe: Callable[[], object], timeout: float) -> None:
    """Call `probe` until it stops raising; raise RuntimeError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    delay = 0.5
    attempt = 1
    while True:
        try:
            probe()
        except Exception as exc:  # any failure of the probe means "not ready yet"
            if time.monotonic() >= deadline:
                raise RuntimeError(f"{name} not reachable after {timeout:.0f}s: {exc}") from exc
            logger.warning(
                f"waiting for {name}", extra={"attempt": attempt, "retry_in_s": delay, "error": str(exc).strip()}
            )
            time.sleep(delay)
            delay = min(delay * 2, 5.0)
            attempt += 1
            continue
        if attempt > 1:
            logger.info(f"{name} is reachable", extra={"attempt": attempt})
        return
