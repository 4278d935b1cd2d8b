"""The platform's settings: one definition, read from the environment by every service.

Each field is documented in `.env.example` and in the README's variable table; a test
keeps the three in step.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Self

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# The default secret exists so a first `make run` works; it is refused in production.
DEFAULT_SECRET_KEY = "changethis-local-development-only"


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class LLMBackend(StrEnum):
    LOCAL = "local"
    OPENAI = "openai"
    TRANSFORMERS = "transformers"


class FeatureSwitch(StrEnum):
    ENABLED = "enabled"
    DISABLED = "disabled"


class EmbeddingBackend(StrEnum):
    HASHING = "hashing"
    SENTENCE_TRANSFORMERS = "sentence-transformers"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    ENV: Environment = Environment.DEVELOPMENT
    SECRET_KEY: str = DEFAULT_SECRET_KEY
    ACCESS_TOKEN_EXPIRE_MINUTES: int = Field(default=60, gt=0)

    DATABASE_URL: str = "postgresql+psycopg2://admin:admin@localhost:5432/interview_db"
    REDIS_URL: str = "redis://localhost:6379/0"
    # How long a service keeps retrying the DB and Redis at start-up before giving up.
    STARTUP_TIMEOUT_SECONDS: float = Field(default=60.0, gt=0)
    # Connections per process; the backend admits at most POOL_SIZE + MAX_OVERFLOW requests to the database at once.
    DB_POOL_SIZE: int = Field(default=10, ge=1, le=200)
    DB_MAX_OVERFLOW: int = Field(default=10, ge=0, le=200)
    # A request waiting longer than this for a database connection gets 503 (busy) instead of hanging.
    DB_POOL_TIMEOUT_SECONDS: float = Field(default=10.0, gt=0, le=120)

    # Comma-separated in the environment, e.g. "http://localhost:3000,http://localhost:5173".
    ALLOWED_ORIGINS: Annotated[list[str], NoDecode] = ["http://localhost:3000", "http://localhost:5173"]

    LOG_LEVEL: str = "INFO"
    LOG_FORMAT: str = Field(default="json", pattern="^(json|text)$")

    AUTH_RATE_LIMIT: int = Field(default=20, gt=0)
    AUTH_RATE_WINDOW_SECONDS: int = Field(default=60, gt=0)
    MAX_BODY_BYTES: int = Field(default=1_048_576, gt=0)

    CELERY_TASK_SOFT_TIME_LIMIT: int = Field(default=120, gt=0)
    CELERY_TASK_TIME_LIMIT: int = Field(default=180, gt=0)
    WORKER_CONCURRENCY: int = Field(default=2, gt=0)
    # Redis redelivers a task whose worker died after this many seconds; tasks are idempotent.
    BROKER_VISIBILITY_TIMEOUT: int = Field(default=600, gt=0)
    # How often the scheduler (beat) queues the sweep for work a crash or an outage left undone.
    RECOVERY_INTERVAL_SECONDS: float = Field(default=60.0, ge=1, le=3600)

    QUESTIONS_PER_SESSION: int = Field(default=5, ge=1, le=20)
    # How long `POST /sessions` waits for the worker's first question before answering without it.
    FIRST_QUESTION_WAIT_SECONDS: float = Field(default=5.0, ge=0, le=60)

    # Question generation and answer evaluation: `local` needs no weights and no network.
    LLM_BACKEND: LLMBackend = LLMBackend.LOCAL
    LLM_BASE_URL: str = "http://localhost:11434/v1"
    LLM_MODEL: str = ""
    LLM_API_KEY: str = ""
    LLM_TIMEOUT_SECONDS: float = Field(default=30.0, gt=0)
    LLM_MAX_RETRIES: int = Field(default=2, ge=0, le=10)
    LLM_MAX_NEW_TOKENS: int = Field(default=256, gt=0, le=4096)

    # Media pipeline (media-server → ai-worker).
    EMOTION_BACKEND: str = Field(default="minixception", pattern="^(minixception|deepface)$")
    EMOTION_FPS: float = Field(default=1.0, gt=0, le=10)
    EMOTION_FRAME_WIDTH: int = Field(default=320, ge=64, le=1920)
    EMOTION_MAX_IN_FLIGHT: int = Field(default=4, ge=1, le=100)
    # Every Nth frame of a session is searched whole for faces; the others around the last face first (1: always whole).
    EMOTION_FULL_FRAME_EVERY: int = Field(default=10, ge=1, le=1000)
    MEDIA_MAX_PEERS: int = Field(default=32, ge=1)
    MAX_SDP_BYTES: int = Field(default=65_536, ge=1024)
    AUDIO_MAX_SECONDS: int = Field(default=300, ge=10)
    STT_BACKEND: str = Field(default="vosk", pattern="^(vosk|whisper)$")
    STT_MODEL: str = ""

    # Data protection: facial-expression analysis is opt-in per candidate and can be switched off per deployment.
    EMOTION_ANALYSIS: FeatureSwitch = FeatureSwitch.ENABLED
    # Raw audio, transcripts and emotion rows older than this are deleted by an hourly scheduled task.
    RETENTION_DAYS: int = Field(default=180, ge=1, le=3650)

    # Hiring workflow. Links in invitation emails start with PUBLIC_BASE_URL (where candidates open the web app).
    PUBLIC_BASE_URL: str = "http://localhost:3000"
    # Email: with no SMTP_HOST the messages are kept in the outbox (GET /outbox) and their links logged.
    SMTP_HOST: str = ""
    SMTP_PORT: int = Field(default=587, ge=1, le=65535)
    SMTP_USERNAME: str = ""
    SMTP_PASSWORD: str = ""
    # none (plain, e.g. a local relay), starttls (port 587) or ssl (port 465).
    SMTP_SECURITY: str = Field(default="starttls", pattern="^(none|starttls|ssl)$")
    SMTP_TIMEOUT_SECONDS: float = Field(default=10.0, gt=0, le=120)
    MAIL_FROM: str = "AI 면접 <no-reply@localhost>"
    # Candidates who have not finished get one reminder this many hours before the job's deadline.
    REMINDER_HOURS_BEFORE_DEADLINE: float = Field(default=24.0, gt=0, le=24 * 30)
    # An answer to a timed question is still accepted this many seconds after its limit (network, clicks).
    ANSWER_GRACE_SECONDS: float = Field(default=5.0, ge=0, le=120)

    # Webhooks to the hiring system: per-request timeout, attempts before a delivery counts as failed, and
    # the first retry's delay (doubling each time, at most 5 minutes).
    WEBHOOK_TIMEOUT_SECONDS: float = Field(default=10.0, gt=0, le=60)
    WEBHOOK_MAX_ATTEMPTS: int = Field(default=6, ge=1, le=20)
    WEBHOOK_RETRY_BASE_SECONDS: float = Field(default=5.0, gt=0, le=300)
    # Webhook URLs may name loopback, private and link-local addresses only when this is true (an ATS
    # inside the operator's own network); otherwise a recruiter could make the worker call internal services.
    WEBHOOK_ALLOW_PRIVATE_ADDRESSES: bool = False

    # Embeddings for the no-repeat check and recruiter search (the column is 384-dimensional).
    EMBEDDING_BACKEND: EmbeddingBackend = EmbeddingBackend.HASHING
    EMBEDDING_MODEL: str = ""

    @model_validator(mode="before")
    @classmethod
    def _split_origins(cls, data: dict[str, object]) -> dict[str, object]:
        raw = data.get("ALLOWED_ORIGINS") if isinstance(data, dict) else None
        if isinstance(raw, str):
            data["ALLOWED_ORIGINS"] = [o.strip() for o in raw.split(",") if o.strip()]
        return data

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Self:
        if self.ENV is Environment.PRODUCTION:
            if self.SECRET_KEY == DEFAULT_SECRET_KEY or len(self.SECRET_KEY) < 32:
                raise ValueError(
                    "SECRET_KEY must be set to a random value of at least 32 characters in production "
                    '(for example: python -c "import secrets; print(secrets.token_urlsafe(48))")'
                )
            if "*" in self.ALLOWED_ORIGINS:
                raise ValueError("ALLOWED_ORIGINS may not contain '*' in production: credentials are sent cross-origin")
        return self

    @property
    def emotion_analysis_enabled(self) -> bool:
        return self.EMOTION_ANALYSIS is FeatureSwitch.ENABLED

    @property
    def cors_origins(self) -> list[str]:
        """Origins the browser may call from; development also allows any localhost port."""
        return list(self.ALLOWED_ORIGINS)

    @property
    def cors_origin_regex(self) -> str | None:
        # Vite picks another port when 5173 is taken; allow any localhost port outside production.
        if self.ENV is Environment.PRODUCTION:
            return None
        return r"^https?://(localhost|127\.0\.0\.1)(:\d+)?$"


@lru_cache
def get_settings() -> Settings:
    return Settings()
