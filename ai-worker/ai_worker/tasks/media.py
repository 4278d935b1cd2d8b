"""Media tasks: thin wrappers; the logic lives in ai_worker.media.service."""

from __future__ import annotations

from typing import Any

from ai_worker.media import service
from ai_worker.tasks.questions import RETRY
from ai_worker.validation import payload_task
from interview_common.tasks import AnalyzeEmotionPayload, TranscribeAnswerPayload


# A frame is only worth analysing while it is fresh: a couple of quick retries, then it is given up (logged).
@payload_task(AnalyzeEmotionPayload, **(RETRY | {"max_retries": 2, "retry_backoff_max": 5}))
def analyze_emotion(payload: AnalyzeEmotionPayload) -> dict[str, Any]:
    """Detect the face in one frame and store its emotion probabilities."""
    return service.analyze_emotion(payload)


@payload_task(TranscribeAnswerPayload, **RETRY)
def transcribe_answer(payload: TranscribeAnswerPayload) -> dict[str, Any]:
    """Transcribe a voice answer; the transcript becomes the answer if the question is still open."""
    return service.transcribe_answer(payload)
