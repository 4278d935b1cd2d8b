"""Run before any service serves: wait for the database, then bring its schema to the newest migration.

`python -m interview_common.prestart` (Compose's one-shot `prestart` service and the
embedded launcher both run it).
"""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config

from interview_common.db import wait_for_database
from interview_common.logging import configure_logging
from interview_common.settings import get_settings

logger = logging.getLogger("interview_common.prestart")

ALEMBIC_INI = Path(__file__).with_name("alembic.ini")


def alembic_config() -> Config:
    return Config(str(ALEMBIC_INI))


def migrate() -> None:
    wait_for_database()
    command.upgrade(alembic_config(), "head")
    logger.info("database schema is at the newest migration")


def main() -> None:
    settings = get_settings()
    configure_logging("prestart", level=settings.LOG_LEVEL, fmt=settings.LOG_FORMAT)
    migrate()


if __name__ == "__main__":
    main()
