"""Settings: parsing, and the refusal to run production with development defaults."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from interview_common.settings import DEFAULT_SECRET_KEY, Environment, Settings

STRONG_KEY = "k" * 48


def test_allowed_origins_split_from_comma_separated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOWED_ORIGINS", " https://a.example , https://b.example,")
    assert Settings(_env_file=None).ALLOWED_ORIGINS == ["https://a.example", "https://b.example"]


def test_production_refuses_default_or_short_secret() -> None:
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        Settings(_env_file=None, ENV=Environment.PRODUCTION, SECRET_KEY=DEFAULT_SECRET_KEY)
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        Settings(_env_file=None, ENV=Environment.PRODUCTION, SECRET_KEY="short")


def test_production_refuses_wildcard_origins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOWED_ORIGINS", "*")
    with pytest.raises(ValidationError, match="ALLOWED_ORIGINS"):
        Settings(_env_file=None, ENV=Environment.PRODUCTION, SECRET_KEY=STRONG_KEY)


def test_production_allows_explicit_origins_only() -> None:
    settings = Settings(
        _env_file=None, ENV=Environment.PRODUCTION, SECRET_KEY=STRONG_KEY, ALLOWED_ORIGINS=["https://hire.example"]
    )
    assert settings.cors_origins == ["https://hire.example"]
    assert settings.cors_origin_regex is None


def test_development_also_allows_any_localhost_port() -> None:
    settings = Settings(_env_file=None)
    assert settings.ENV is Environment.DEVELOPMENT
    assert settings.cors_origin_regex is not None


def test_log_format_is_checked() -> None:
    with pytest.raises(ValidationError, match="LOG_FORMAT"):
        Settings(_env_file=None, LOG_FORMAT="xml")
