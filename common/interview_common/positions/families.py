"""Position families: which bank of questions fits the position a candidate applied for."""

from __future__ import annotations

import re
from enum import StrEnum


class Family(StrEnum):
    BACKEND = "backend"
    FRONTEND = "frontend"
    DATA_ML = "data_ml"
    MOBILE = "mobile"
    DEVOPS = "devops"
    PM = "pm"
    DESIGN = "design"
    GENERAL = "general"


# Checked in order: "ML 백엔드 엔지니어" is closer to data/ML than to backend.
_KEYWORDS: list[tuple[Family, tuple[str, ...]]] = [
    (
        Family.DATA_ML,
        ("data", "ml", "machine learning", "ai", "데이터", "머신러닝", "딥러닝", "인공지능", "분석", "scientist"),
    ),
    (Family.DEVOPS, ("devops", "sre", "infra", "platform", "cloud", "인프라", "데브옵스", "클라우드", "운영")),
    (Family.MOBILE, ("mobile", "android", "ios", "flutter", "react native", "모바일", "안드로이드", "앱")),
    (Family.FRONTEND, ("frontend", "front-end", "front end", "web", "react", "vue", "프론트", "프런트", "웹")),
    (Family.BACKEND, ("backend", "back-end", "back end", "server", "api", "java", "spring", "백엔드", "서버")),
    (Family.DESIGN, ("design", "ux", "ui", "디자인", "디자이너")),
    (Family.PM, ("product", "pm", "po", "manager", "기획", "프로덕트", "매니저", "서비스 기획")),
]


def family_of(position: str) -> Family:
    text = position.lower()
    for family, words in _KEYWORDS:
        for word in words:
            # Latin keywords must be whole words ("ai" is not in "maintainer"); Korean ones are substrings.
            if word.isascii():
                if re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", text):
                    return family
            elif word in text:
                return family
    return Family.GENERAL
