"""The consent notice: what it lists follows the settings, and its version names the exact text."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from interview_common import models
from interview_common.consent import current_notice
from interview_common.models import ConsentIn, EmotionAnalysis, emotion_analysis_of
from interview_common.settings import FeatureSwitch, Settings


def test_notice_lists_emotion_analysis_only_where_it_is_offered() -> None:
    enabled = current_notice(Settings(_env_file=None))
    disabled = current_notice(Settings(_env_file=None, EMOTION_ANALYSIS=FeatureSwitch.DISABLED))
    assert [i.key for i in enabled.items] == ["interview", "emotion_analysis"]
    assert [i.key for i in disabled.items] == ["interview"]
    assert enabled.emotion_analysis_enabled
    assert not disabled.emotion_analysis_enabled
    assert enabled.version != disabled.version


def test_version_changes_with_the_retention_it_promises() -> None:
    short = current_notice(Settings(_env_file=None, RETENTION_DAYS=30))
    default = current_notice(Settings(_env_file=None))
    assert "30" in short.items[0].retention["en"]
    assert "180" in default.items[0].retention["ko"]
    assert short.version != default.version
    assert current_notice(Settings(_env_file=None)).version == default.version


def test_interview_consent_is_required_and_emotion_is_opt_in() -> None:
    with pytest.raises(ValidationError, match="cannot start without agreeing"):
        ConsentIn(interview=False, notice_version="v")
    assert ConsentIn(interview=True, notice_version="v").emotion_analysis is False
    with pytest.raises(ValidationError):
        ConsentIn.model_validate({"interview": True})  # the version of the notice read is required


def test_emotion_status_follows_consent_and_deployment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(models, "get_settings", lambda: Settings(_env_file=None))
    assert emotion_analysis_of(True) is EmotionAnalysis.COLLECTED
    assert emotion_analysis_of(False) is EmotionAnalysis.NOT_COLLECTED
    monkeypatch.setattr(models, "get_settings", lambda: Settings(_env_file=None, EMOTION_ANALYSIS="disabled"))
    assert emotion_analysis_of(True) is EmotionAnalysis.DISABLED
    assert emotion_analysis_of(False) is EmotionAnalysis.DISABLED
