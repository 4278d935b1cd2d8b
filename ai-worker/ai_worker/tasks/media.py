"""Media tasks: thin wrappers; the logic lives in ai_worker.media.service."""

from __future__ import annotations

import logging
from typing import Any

from ai_worker.media import service
from ai_worker.media.consent import emotion_analysis_allowed
from ai_worker.tasks.questions import RETRY
from ai_worker.validation import payload_task
from interview_common.tasks import AnalyzeEmotionPayload, TranscribeAnswerPayload

logger = logging.getLogger(__name__)


# A frame is only worth analysing while it is fresh: a couple of quick retries, then it is given up (logged).
@payload_task(AnalyzeEmotionPayload, **(RETRY | {"max_retries": 2, "retry_backoff_max": 5}))
def analyze_emotion(payload: AnalyzeEmotionPayload) -> dict[str, Any]:
    """Detect the face in one frame and store its emotion probabilities (only with the candidate's consent)."""
    if not emotion_analysis_allowed(payload.session_id):
        # Defence in depth: the media server queues no frames for such sessions; one that arrives anyway
        # (a consent withdrawn, a deployment switched off, another producer) is discarded unread.
        service.release_slot(payload.session_id)
        logger.warning("frame discarded: no emotion-analysis consent", extra={"session_id": payload.session_id})
        return {"status": "not_consented", "session_id": payload.session_id}
    return service.analyze_emotion(payload)


@payload_task(TranscribeAnswerPayload, **RETRY)
def transcribe_answer(payload: TranscribeAnswerPayload) -> dict[str, Any]:
    """Transcribe a voice answer; the transcript becomes the answer if the question is still open."""
    return service.transcribe_answer(payload)
