"""Task payloads are strict at the boundary: the original string/int session id bug cannot pass."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from interview_common.tasks import PAYLOAD_MODELS, GenerateQuestionPayload, TaskName


@pytest.mark.parametrize("bad", ["unknown", "12", 12.0, None, 0, -3, True])
def test_session_id_must_be_a_positive_int(bad: object) -> None:
    with pytest.raises(ValidationError):
        GenerateQuestionPayload.model_validate({"session_id": bad, "order": 1})


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError, match="extra"):
        GenerateQuestionPayload.model_validate({"session_id": 1, "order": 1, "sessionId": 1})


def test_json_round_trip_keeps_ints() -> None:
    payload = GenerateQuestionPayload(session_id=4, order=2, request_id="r1")
    assert GenerateQuestionPayload.model_validate(payload.model_dump(mode="json")) == payload


def test_every_task_name_has_exactly_one_payload_model() -> None:
    assert set(PAYLOAD_MODELS) == set(TaskName)
    assert all(model.task_name is name for name, model in PAYLOAD_MODELS.items())
