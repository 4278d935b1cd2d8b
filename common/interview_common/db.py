"""The database engine and sessions, created once per process from the settings."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, create_engine

from interview_common.settings import get_settings
from interview_common.startup import wait_until_ready


@lru_cache
def get_engine() -> Engine:
    settings = get_settings()
    return create_engine(
        settings.DATABASE_URL,
        pool_pre_ping=True,
        pool_size=settings.DB_POOL_SIZE,
        max_overflow=settings.DB_MAX_OVERFLOW,
        pool_timeout=settings.DB_POOL_TIMEOUT_SECONDS,
        connect_args={"connect_timeout": 5},
    )


def pool_capacity() -> int:
    """Connections one process may open: what the backend sizes its admission of requests to."""
    settings = get_settings()
    return settings.DB_POOL_SIZE + settings.DB_MAX_OVERFLOW


@contextmanager
def session_scope() -> Iterator[Session]:
    """A session for code outside a request (workers, CLI); commits are explicit."""
    with Session(get_engine()) as session:
        yield session


def ping_database() -> None:
    with get_engine().connect() as conn:
        conn.execute(text("SELECT 1"))


def database_reachable() -> bool:
    try:
        ping_database()
    except SQLAlchemyError:
        return False
    return True


def wait_for_database(timeout: float | None = None) -> None:
    wait_until_ready("the database", ping_database, timeout or get_settings().STARTUP_TIMEOUT_SECONDS)
