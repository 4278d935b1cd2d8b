"""What the local rubric looks for: cue words and phrases, each position family's vocabulary, metrics.

Pure data (and the regular expressions that read metrics): the signals module applies them.
"""

from __future__ import annotations

import re

from ai_worker.questions.families import Family

EVASIVE = (
    "잘 모르겠", "모르겠습니다", "모르겠어요", "모르겠네요", "잘 몰라", "모릅니다", "생각해 본 적 없", "생각해본 적 없",
    "생각해 본 적이 없", "생각해본 적이 없", "해 본 적이 없", "해본 적이 없", "해 본 적 없", "경험이 없", "기억이 안",
    "기억나지 않", "기억이 나지 않", "답변하기 어렵", "대답하기 어렵", "말씀드리기 어렵", "패스하겠", "넘어가겠",
)  # fmt: skip

SITUATION = (
    "당시", "상황", "프로젝트", "회사에서", "팀에서", "인턴", "재직", "근무", "작년", "지난", "년 전", "입사", "서비스에서",
    "시절", "예를 들어", "예를 들면", "예컨대", "실제로", "고객사", "스타트업", "동아리", "수업", "운영 중", "출시",
)  # fmt: skip
TASK = (
    "목표", "맡았", "맡은", "맡아", "역할", "담당", "책임", "과제", "해야 했", "해야 하는", "요구사항", "미션", "문제는",
    "문제가", "이슈", "요청", "기한", "마감",
)  # fmt: skip
ACTION_VERBS = (
    "구현했", "도입했", "설계했", "분석했", "제안했", "개발했", "적용했", "작성했", "구축했", "최적화했", "자동화했",
    "리팩터링했", "리팩토링했", "전환했", "분리했", "변경했", "추가했", "측정했", "실험했", "검증했", "조사했", "인터뷰했",
    "설득했", "조율했", "정리했", "진행했", "기획했", "배포했", "수정했", "교체했", "통합했", "모니터링했", "테스트했",
    "만들었", "바꿨", "바꾸었", "옮겼", "나눴", "나누었", "세웠", "고쳤", "찾았", "붙였", "줄였", "늘렸", "높였", "낮췄",
    "이끌었", "주도했", "정의했", "수립했", "개선했", "해결했", "도출했", "확인했", "공유했", "제작했",
)  # fmt: skip
# Any "<noun>했습니다"-style past verb counts as an action, except speech and thought.
PAST_VERB = re.compile(r"([가-힣]{2,})(?:했습니다|했고|했으며|했어요|했는데|했다|하였습니다|하였고|했죠|했지만|했던)")
NOT_ACTIONS = {"생각", "말", "얘기", "이야기", "기억", "걱정", "고민", "노력", "느낌", "후회"}
PLANNED = re.compile(r"[가-힣]+(?:하겠습니다|하겠어요|할 것입니다|할 겁니다|하려고 합니다|겠습니다|고 싶습니다)")
# "I", not "we": a candidate who only says "저희" leaves their own part unclear.
FIRST_PERSON = re.compile(r"(?<![가-힣])(?:저는|제가|직접|저 혼자|제 역할)")
RESULT = (
    "결과", "개선", "줄였", "줄었", "줄어", "줄일", "늘렸", "늘었", "늘어", "올랐", "떨어졌", "달성", "감소", "증가", "향상", "단축", "절감", "해결",
    "성공", "높였", "낮췄", "낮아", "빨라", "효과", "성과", "좋아졌", "안정", "만족", "호평", "채택",
)  # fmt: skip

# Stock phrases that sound like an answer but carry no evidence.
CLICHES = (
    "최선을 다", "열심히", "노력하는 편", "노력했", "노력하겠", "중요하다고 생각", "꼼꼼하게", "책임감",
    "성실", "소통을 잘", "잘 소통", "많이 배웠", "배울 수 있었", "좋은 경험", "좋은 결과", "반응이 좋", "성장할 수 있었",
)  # fmt: skip
# Hedges about one's own past: the candidate should know what they did.
HEDGES = ("것 같습니다", "것 같고", "것 같아요", "듯합니다", "아마도", "아마 ")

REASONS = (
    "왜냐하면", "때문", "이유는", "이유로", "이유가", "덕분에", "위해", "목적으로", "그래서", "따라서", "판단해",
    "판단했", "원인은", "원인이", "다는 점", "라는 점", "는 점에서",
)  # fmt: skip
TRADE_OFFS = (
    "반면", "대신", "장단점", "장점", "단점", "트레이드오프", "trade-off", "tradeoff", "비교", "고려", "검토", "대안",
    "한계", "리스크", "위험", "부담", "비용", "하지만", "다만", "그러나", "오히려", "선택지",
)  # fmt: skip
STRUCTURE = (
    "첫째", "첫 번째", "둘째", "두 번째", "셋째", "세 번째", "먼저", "우선", "다음으로", "그다음", "그 다음", "이후",
    "그리고", "마지막으로", "결론적으로", "정리하면", "요약하면", "결과적으로",
)  # fmt: skip
# Hard fillers are never content; soft ones ("좀", "이제") sometimes are, so they count half.
HARD_FILLERS = {"음", "음음", "어", "어어", "아", "엄", "으음", "그러니까", "뭐랄까", "있잖아요", "뭐지"}
SOFT_FILLERS = {"그냥", "약간", "뭔가", "막", "뭐", "좀", "이제", "솔직히", "사실"}

_DOMAIN_VOCABULARY: dict[Family, tuple[str, ...]] = {
    Family.BACKEND: (
        "서버", "데이터베이스", "쿼리", "인덱스", "트랜잭션", "캐시", "캐싱", "동시성", "비동기", "메시지", "스키마",
        "마이그레이션", "배포", "장애", "로그", "모니터링", "트래픽", "병목", "부하", "샤딩", "레플리카", "복제",
        "정합성", "격리", "커넥션", "타임아웃", "재시도", "멱등", "아키텍처", "마이크로서비스", "엔드포인트", "인증",
        "응답 시간", "지연", "처리량", "분산", "락", "큐", "배치", "하위 호환",
    ),
    Family.FRONTEND: (
        "컴포넌트", "렌더링", "상태 관리", "번들", "레이아웃", "접근성", "반응형", "브라우저", "로딩", "메모이제이션",
        "라우팅", "스타일", "빌드", "최적화", "지연 로딩", "코드 스플리팅", "타입", "스크린 리더", "호환성", "이미지",
        "캐시", "폼", "디자인 시스템", "웹 성능",
    ),
    Family.DATA_ML: (
        "모델", "학습", "피처", "특성", "정확도", "정밀도", "재현율", "과적합", "검증", "파이프라인", "라벨", "분포",
        "편향", "추론", "실험", "가설", "통계", "회귀", "분류", "군집", "샘플링", "전처리", "하이퍼파라미터", "데이터셋",
        "재현성", "오프라인 평가", "온라인 지표",
    ),
    Family.MOBILE: (
        "기기", "크래시", "메모리", "배터리", "렌더링", "네트워크", "오프라인", "캐시", "스토어", "심사", "배포", "푸시",
        "생명주기", "스레드", "화면", "상태 관리", "네이티브", "앱",
    ),
    Family.DEVOPS: (
        "인프라", "배포", "파이프라인", "컨테이너", "쿠버네티스", "모니터링", "알림", "장애", "가용성", "오토스케일",
        "비용", "보안", "권한", "로그", "지표", "롤백", "카나리", "블루그린", "자동화", "프로비저닝", "네트워크", "백업",
        "복구", "회고", "비밀", "취약점",
    ),
    Family.PM: (
        "사용자", "고객", "지표", "전환율", "리텐션", "이탈률", "가설", "실험", "우선순위", "로드맵", "요구사항",
        "인터뷰", "설문", "매출", "이해관계자", "일정", "범위", "출시", "기획", "시장", "경쟁사", "페르소나", "백로그",
        "데이터", "퍼널", "활성 사용자",
    ),
    Family.DESIGN: (
        "사용자", "사용성", "프로토타입", "와이어프레임", "디자인 시스템", "컴포넌트", "접근성", "인터랙션", "레이아웃",
        "타이포그래피", "리서치", "페르소나", "사용자 여정", "피드백", "사용성 테스트", "일관성", "가이드", "시안",
    ),
}  # fmt: skip
_ALL_DOMAIN_VOCABULARY = tuple(dict.fromkeys(term for terms in _DOMAIN_VOCABULARY.values() for term in terms))


def vocabulary(family: Family) -> tuple[str, ...]:
    # A position outside the known families may draw on any of them.
    return _DOMAIN_VOCABULARY.get(family, _ALL_DOMAIN_VOCABULARY)


# Example metrics to suggest when an answer has none, by position family.
METRIC_EXAMPLES: dict[Family, str] = {
    Family.BACKEND: "응답 시간, 오류율, 처리량",
    Family.FRONTEND: "로딩 시간, LCP, 번들 크기",
    Family.DATA_ML: "정확도, 재현율, 처리 시간",
    Family.MOBILE: "크래시율, 앱 시작 시간, 평점",
    Family.DEVOPS: "배포 시간, 장애 복구 시간, 비용",
    Family.PM: "전환율, 리텐션, 매출",
    Family.DESIGN: "과제 성공률, 전환율, 사용자 만족도",
    Family.GENERAL: "걸린 기간, 횟수, 영향받은 사람 수",
}
# Questions about people and oneself: job metrics would be odd suggestions there.
BEHAVIOURAL = re.compile(r"갈등|팀원|동료|협업|실패|배운|배웠|동기|자기소개|리더|설득|강점|약점|지원")

# Units of measured outcomes; a bare year ("2022년") is a date, not a metric.
_UNIT = (
    r"%p|%|퍼센트|프로|ms|밀리초|초|분|시간|일|주|개월|달|년|배|명|건|만\s?원|억\s?원|원|억|만|천|개|회|번|"
    r"tps|qps|rps|TPS|QPS|RPS|GB|MB|KB|TB|gb|mb|kb|점|포인트|달러|단계|줄|fps|위"
)
METRIC = re.compile(rf"(?<![\w.])(\d+(?:[.,]\d+)*)\s?({_UNIT})(?![a-zA-Z])")
WORD_METRIC = re.compile(r"(?:두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s?배|절반")
BEFORE_AFTER = re.compile(rf"(\d+(?:[.,]\d+)*\s?(?:{_UNIT}))\s?에서\s?(\d+(?:[.,]\d+)*\s?(?:{_UNIT}))\s?(?:으로|로)")
YEAR = re.compile(r"^\d{4}\s?년$")
UNITS_ONLY = {"ms", "tps", "qps", "rps", "gb", "mb", "kb", "tb", "fps", "p"}
