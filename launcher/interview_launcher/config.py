"""What the embedded launcher needs to know: ports, where data lives, and external servers if any."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]


class LauncherSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    DATA_DIR: Path = REPO_ROOT / "data"
    HOST: str = "127.0.0.1"
    WEB_PORT: int = Field(default=3000, ge=1, le=65535)
    BACKEND_PORT: int = Field(default=8000, ge=1, le=65535)
    MEDIA_PORT: int = Field(default=8080, ge=1, le=65535)
    REDIS_PORT: int = Field(default=6379, ge=1, le=65535)
    FRONTEND_DIST: Path = REPO_ROOT / "frontend" / "dist"
    # Set these to use existing servers instead of the embedded PostgreSQL and Redis.
    DATABASE_URL: str | None = None
    REDIS_URL: str | None = None
    POSTGRES_DB: str = "interview_db"
    WORKER_CONCURRENCY: int = Field(default=2, gt=0)
    # backend-core processes (uvicorn --workers); each has its own DB pool of DB_POOL_SIZE + DB_MAX_OVERFLOW.
    BACKEND_WORKERS: int = Field(default=1, ge=1, le=32)
    MEDIA_WORKER_CONCURRENCY: int = Field(default=1, gt=0)
    STARTUP_TIMEOUT_SECONDS: float = Field(default=60.0, gt=0)
