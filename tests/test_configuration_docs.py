"""Every setting is documented: in `.env.example` and in the README's variable table."""

from __future__ import annotations

import re
from pathlib import Path

from interview_common.settings import Settings
from interview_launcher.config import LauncherSettings

REPO = Path(__file__).resolve().parents[1]
# Read by uvicorn, torch, the Docker build and Compose rather than by our settings classes.
EXTERNAL = {"FORWARDED_ALLOW_IPS", "TORCH_NUM_THREADS", "INSTALL_DEEPFACE", "DB_CONTAINER_NAME"}


def _env_example_names() -> set[str]:
    text = (REPO / ".env.example").read_text()
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE))


def _readme_table_names() -> set[str]:
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", (REPO / "README.md").read_text(), flags=re.MULTILINE))


def test_every_setting_is_in_env_example() -> None:
    fields = set(Settings.model_fields) | set(LauncherSettings.model_fields)
    assert fields - _env_example_names() == set()


def test_env_example_names_only_real_settings() -> None:
    known = (
        set(Settings.model_fields)
        | set(LauncherSettings.model_fields)
        | EXTERNAL
        | {"POSTGRES_USER", "POSTGRES_PASSWORD"}
    )
    assert _env_example_names() - known == set()


def test_readme_table_matches_env_example() -> None:
    assert _readme_table_names() == _env_example_names()
