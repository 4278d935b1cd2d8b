"""The data-use notice a candidate agrees to before an interview, and the emotion caveat.

One definition, served by `GET /consent/notice` and stored by version with each session's consent.
The version names the exact text: it ends in a hash of the items, so a change of wording, of
RETENTION_DAYS or of EMOTION_ANALYSIS makes earlier agreements stale (409 on `POST /sessions`).
"""

from __future__ import annotations

import hashlib
import json

from sqlmodel import SQLModel

from interview_common.settings import Settings, get_settings

NOTICE_EDITION = "2026-12-03"

Text = dict[str, str]  # {"ko": ..., "en": ...}

EMOTION_CAVEAT: Text = {
    "ko": (
        "표정 분석은 참고용 신호일 뿐입니다. 공개된 표정 인식 모델(FER2013으로 학습한 mini-Xception)은 "
        "정확도가 약 57–74%에 그치며, 조명·각도·문화적 표현 차이에 따라 틀릴 수 있습니다. "
        "능력, 정직성, 적합성의 척도가 아니며 점수·순위·추천에 반영되지 않습니다."
    ),
    "en": (
        "Facial-expression analysis is an advisory signal only. Published expression models (here a "
        "mini-Xception trained on FER2013) are only about 57–74% accurate and err with lighting, pose and "
        "cultural differences in expression. It is not a measure of ability, honesty or fit, and it never "
        "enters any score, rank or recommendation."
    ),
}


class NoticeItem(SQLModel):
    key: str
    required: bool
    title: Text
    data: Text
    purpose: Text
    retention: Text


class ConsentNotice(SQLModel):
    version: str
    emotion_analysis_enabled: bool
    retention_days: int
    items: list[NoticeItem]
    emotion_caveat: Text
    # Agreed to when uploading a résumé (optional, and apart from the interview's own items).
    resume: NoticeItem


RESUME_ITEM = NoticeItem(
    key="resume",
    required=False,
    title={"ko": "이력서 활용", "en": "Your résumé"},
    data={
        "ko": "올린 이력서 파일에서 뽑은 글(파일 자체는 저장하지 않음), 그 글을 경력·프로젝트·기술·학력 항목으로 나눈 "
        "단락과 각 단락의 검색용 벡터, 파일 이름과 크기",
        "en": "The text taken from the file you upload (the file itself is not kept), that text cut into passages "
        "by section (experience, projects, skills, education) with a search vector for each, and the file's name "
        "and size",
    },
    purpose={
        "ko": "면접 질문을 지원자님의 실제 경력과 프로젝트에 맞추기 위해서입니다. 이력서에서 나온 질문 옆에는 근거가 된 "
        "단락이 채용 담당자에게 표시됩니다. 이력서 없이도 면접을 볼 수 있습니다.",
        "en": "To ask about your own experience and projects. Recruiters see, next to each question drawn from "
        "your résumé, the passage it came from. You can interview without a résumé.",
    },
    retention={
        "ko": "새 이력서를 올리거나 직접 삭제할 때까지, 또는 계정을 삭제할 때까지 보관됩니다. 데이터 내보내기에 포함됩니다.",
        "en": "Kept until you upload another, delete it, or delete your account. It is part of your data export.",
    },
)


def _items(settings: Settings) -> list[NoticeItem]:
    days = settings.RETENTION_DAYS
    items = [
        NoticeItem(
            key="interview",
            required=True,
            title={"ko": "AI 면접 진행", "en": "The AI interview"},
            data={
                "ko": "입력하거나 말한 답변, 답변 중 녹음된 음성, 음성의 받아쓰기, AI가 만든 질문과 평가",
                "en": "Your typed or spoken answers, the audio recorded while you answer, its transcript, "
                "and the questions and evaluations the AI produces",
            },
            purpose={
                "ko": "다음 질문 생성, 답변 평가, 채용 담당자의 검토. 평가 결과에 대해 사람의 재검토를 요청할 수 있습니다.",
                "en": "Generating the next question, evaluating your answers, review by recruiters. "
                "You can ask for a human review of the AI evaluation.",
            },
            retention={
                "ko": f"음성 녹음과 받아쓰기는 {days}일 후 자동 삭제됩니다. 답변과 평가는 계정을 삭제할 때까지 "
                "보관되며, 언제든 내보내거나 계정과 함께 삭제할 수 있습니다.",
                "en": f"Audio recordings and transcripts are deleted automatically after {days} days. Answers and "
                "evaluations are kept until you delete your account; you can export or erase them at any time.",
            },
        )
    ]
    if settings.emotion_analysis_enabled:
        items.append(
            NoticeItem(
                key="emotion_analysis",
                required=False,
                title={"ko": "표정 분석", "en": "Facial-expression analysis"},
                data={
                    "ko": "카메라 영상에서 1초에 한 장 정도 뽑은 프레임. 프레임 자체는 분석 직후 버려지고, "
                    "표정 확률과 얼굴 수(0, 1, 여러 명)만 저장됩니다.",
                    "en": "About one camera frame per second. The frames themselves are discarded right after "
                    "analysis; only the expression probabilities and the number of faces (0, 1, several) are kept.",
                },
                purpose={
                    "ko": "채용 담당자에게 보여 주는 참고용 표정 흐름과 얼굴 감지(자리 비움·다른 사람) 표시. "
                    "점수·순위·추천에는 절대 쓰이지 않습니다. 동의하지 않아도 면접에는 아무 영향이 없습니다.",
                    "en": "An advisory expression timeline and face-presence flags (away from the camera, another "
                    "person) shown to recruiters. Never used in any score, rank or recommendation. Declining has "
                    "no effect on your interview.",
                },
                retention={
                    "ko": f"표정 분석 결과는 {days}일 후 자동 삭제됩니다.",
                    "en": f"Expression results are deleted automatically after {days} days.",
                },
            )
        )
    return items


def current_notice(settings: Settings | None = None) -> ConsentNotice:
    settings = settings or get_settings()
    items = _items(settings)
    digest = hashlib.sha256(
        json.dumps([i.model_dump() for i in [*items, RESUME_ITEM]], ensure_ascii=False, sort_keys=True).encode()
    ).hexdigest()[:8]
    return ConsentNotice(
        version=f"{NOTICE_EDITION}.{digest}",
        emotion_analysis_enabled=settings.emotion_analysis_enabled,
        retention_days=settings.RETENTION_DAYS,
        items=items,
        emotion_caveat=EMOTION_CAVEAT,
        resume=RESUME_ITEM,
    )
