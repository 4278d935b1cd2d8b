"""Exit 0 when this host's worker answers a Celery ping (Compose healthcheck)."""

from __future__ import annotations

import socket
import sys

from interview_common.queue import get_celery


def main() -> int:
    destination = [f"celery@{socket.gethostname()}"]
    replies = get_celery().control.ping(destination=destination, timeout=5.0)
    if not replies:
        print(f"no ping reply from {destination[0]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
