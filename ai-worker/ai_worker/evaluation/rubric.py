"""The local rubric scorer: a deterministic, explainable evaluation of one Korean interview answer.

It runs when no LLM backend is configured and whenever an LLM's output fails validation, so it
must be useful on its own: every score comes from cues that can be pointed at in the answer
(shared key terms, STAR markers, quoted metrics, reasons, trade-offs, fillers), and the written
feedback names what was found.

Korean text is handled with light heuristics instead of a morphological analyser: particles are
stripped from the end of each word, Sino-Korean verbs ("설계했습니다") are cut back to their noun
("설계"), and cues are matched as substrings, which tolerates the endings Korean attaches to
words. That keeps the scorer fast (no 1.4 s Kiwi load, no model weights) and its behaviour easy
to follow.

Dimensions (each 0–100) and the overall score:

    score = 0.25 * relevance + 0.35 * specificity + 0.25 * depth + 0.15 * clarity

Specificity weighs most: a structured interview asks "with evidence of what you actually did?"
(the STAR evidence behavioural interviews rely on), and an answer that only repeats the
question's words ("장애가 나면 로그를 꼼꼼히 봅니다") is relevant but says nothing. Relevance
acts mainly as a gate: a polished story about something else must not score well, so below
relevance 50 the weighted score is scaled by 0.4 + 0.6 * relevance / 50. Depth (reasons,
trade-offs, technical vocabulary) separates good from excellent. Clarity weighs least: answers
may be speech transcripts whose surface form says more about the recogniser than about the
candidate.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ai_worker.questions.families import Family, family_of
from interview_common.embeddings import cosine, hashing_embedding
from interview_common.results import Evaluation, RubricScores

WEIGHTS: dict[str, float] = {"relevance": 0.25, "specificity": 0.35, "depth": 0.25, "clarity": 0.15}
RELEVANCE_GATE = 50  # below this, the weighted score is scaled down (see the module docstring)

# --- Korean text helpers ---------------------------------------------------------------------

_HANGUL = re.compile(r"[가-힣]")
_LATIN_WORD = r"[A-Za-z][A-Za-z0-9+#]*(?:[./\-][A-Za-z0-9+#]+)*"
_LATIN_TERM = re.compile(rf"(?<![A-Za-z0-9]){_LATIN_WORD}")
# "SELECT FOR UPDATE", "Spring Boot": Latin words in a row are one term.
_LATIN_PHRASE = re.compile(rf"(?<![A-Za-z0-9]){_LATIN_WORD}(?: {_LATIN_WORD})*")
_TOKEN_EDGE = re.compile(r"^[^\w%+#]+|[^\w%+#]+$")

# Longest first, so "에서는" is removed whole rather than leaving "에서".
_PARTICLE_LIST = (
    "에서는", "으로는", "에게서", "이라는", "이라고", "에서도", "으로도", "까지는", "부터는", "에서", "으로", "에게",
    "한테", "까지", "부터", "처럼", "보다", "이나", "라는", "라고", "와의", "과의", "에는", "에도", "로는", "로도",
    "이란", "란", "는", "은", "이", "가", "을", "를", "의", "에", "로", "와", "과", "도", "만", "나", "랑", "들",
)  # fmt: skip
_PARTICLES = tuple(sorted(_PARTICLE_LIST, key=len, reverse=True))
# A Sino-Korean noun followed by a light verb: "설계했습니다" -> "설계", "운영하는" -> "운영".
_LIGHT_VERB = re.compile(r"^([가-힣]{2,}?)(?:하|했|한|할|해|함|되|된|될|됐|돼|시키|시켰)[가-힣]*$")
# Syllables that only occur inside inflected verbs (past, future, honorific, formal endings,
# contracted pasts such as "바꿨", "늘렸", "봤").
_VERB_SYLLABLES = set("었았였했겠셨습꿨웠렸졌켰왔뤘줬봤췄갔났썼랐쳤볐겼")
_VERB_INITIALS = set("었았였했겠셨꿨렸졌왔봤갔났썼")  # "했던", "났을": no noun starts with these
_VERB_ENDINGS = (
    "는지", "은지", "나요", "가요", "까요", "세요", "어요", "아요", "해요", "네요", "데요", "죠", "니까", "다면", "거나",
    "려고", "면서", "는데",
)  # fmt: skip
# One-syllable nouns are mostly dependent nouns ("것을", "곳은", "배로"); these few carry a topic.
_SHORT_NOUNS = {"락", "큐", "앱", "폼", "뷰", "키", "봇", "웹", "팀", "돈"}


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _tokens(text: str) -> list[str]:
    """Whitespace words (어절) with surrounding punctuation removed; empties dropped."""
    words = (_TOKEN_EDGE.sub("", raw) for raw in text.split())
    return [w for w in words if w]


def _strip_particle(word: str, minimum: int = 2) -> str:
    # Twice, for stacked particles: "지표만으로" -> "지표만" -> "지표".
    for _ in range(2):
        for particle in _PARTICLES:
            if word.endswith(particle) and len(word) - len(particle) >= minimum:
                word = word[: -len(particle)]
                break
        else:
            break
    return word


def _stem(word: str) -> str:
    """The noun-like core of a word: particles stripped, a light verb cut back to its noun."""
    if not _HANGUL.search(word):
        return word.lower()
    word = _strip_particle(word)
    match = _LIGHT_VERB.match(word)
    return match.group(1) if match else word


def _is_inflected_verb(word: str) -> bool:
    return word[0] in _VERB_INITIALS or any(s in _VERB_SYLLABLES for s in word[1:]) or word.endswith(_VERB_ENDINGS)


def _is_predicate(raw: str) -> bool:
    """A plain predicate or connective form of a native verb ("느리다", "찾고", "좁혀")."""
    # Adverbs in -히/-게 ("간단히", "빠르게") frame a question too.
    return raw.endswith("다") or (len(raw) <= 3 and raw.endswith(("고", "혀", "워", "져", "겨", "히", "게")))


# Words that frame a question rather than carry its topic ("말씀해 주시겠어요", "경험이 있다면").
_QUESTION_FRAME = (
    "말씀", "설명", "소개", "어떻", "어떤", "어느", "무엇", "무슨", "얼마", "언제", "누구", "있다", "있었", "있나", "있으",
    "없", "경험", "사례", "가장", "구체", "본인", "지금", "최근", "그것", "그때", "이것", "생각", "주시", "주세", "하셨",
    "하시", "해주", "이유", "과정", "방법", "부분", "정도", "관련", "대한", "대해", "위한", "위해", "통해", "같은", "다른",
    "여러", "모든", "때문", "경우", "이후", "뒤로", "처음", "각각", "자신", "순서", "기억", "남는", "하나", "골라",
    "갑자기", "어디", "먼저", "직접", "고려", "다시", "특히", "주로", "보통", "보시", "실제", "본적", "하고", "계신", "동안", "싶으",
)  # fmt: skip


# A question's word and the other words an on-topic answer often uses for it instead: without a
# thesaurus, "갈등" is never covered by "의견이 달랐습니다".
_RELATED: dict[str, tuple[str, ...]] = {
    "갈등": ("의견", "충돌", "대립", "합의", "설득", "조율", "이견", "마찰"),
    "이견": ("의견", "충돌", "합의", "설득", "조율", "갈등"),
    "충돌": ("의견", "갈등", "합의", "조율", "우선순위"),
    "실패": ("실수", "잘못", "놓쳤", "놓친", "실패", "어긋", "무산", "교훈"),
    "장애": ("오류", "에러", "다운", "중단", "느려", "지연", "타임아웃", "incident", "장애"),
    "병목": ("느려", "지연", "부하", "한계", "DB", "데이터베이스", "처리량"),
    "원인": ("때문", "이유", "문제", "발견", "찾았", "원인"),
    "성과": ("결과", "지표", "개선", "증가", "감소", "달성", "향상", "%"),
    "측정": ("지표", "수치", "%", "A/B", "대시보드", "분석", "추적"),
    "지원": ("관심", "동기", "지원", "입사", "합류"),
    "자기소개": ("저는", "경력", "전공", "개발자", "기획자", "디자이너"),
    "우선순위": ("중요도", "먼저", "임팩트", "영향", "긴급", "우선"),
    "협업": ("함께", "같이", "팀원", "동료", "소통", "협업"),
    "팀원": ("동료", "팀", "개발자", "디자이너", "기획자", "함께"),
    "학습": ("배우", "익히", "공부", "학습", "문서", "강의"),
    "기술": ("학습", "배우", "익히", "도입", "적용"),
    "개선": ("줄였", "늘렸", "높였", "낮췄", "향상", "빨라", "개선"),
    "트래픽": ("요청", "부하", "사용자", "트래픽", "처리량"),
    "대응": ("먼저", "하겠습니다", "늘리", "분산", "캐시", "확장"),
    "기여": ("하고 싶", "만들고 싶", "기여", "돕", "역할", "목표"),
    "데이터": ("수치", "지표", "로그", "분석", "데이터"),
    "정합성": ("일관성", "불일치", "중복", "누락", "트랜잭션", "정합성"),
    "사용자": ("고객", "유저", "사용자", "이용자"),
    "직무": ("개발자", "기획자", "디자이너", "엔지니어", "업무", "포지션", "직무", "분석가"),
}


def _concept_present(term: str, text: str) -> bool:
    # Long Korean terms may keep a stray ending ("정합성이" left as is): their first syllables suffice.
    term = term.lower()
    if term in text or (len(term) >= 4 and _HANGUL.match(term) and term[:-1] in text):
        return True
    return any(cue.lower() in text for cue in _RELATED.get(term, ()))


def key_terms(text: str) -> list[str]:
    """The topic-bearing terms of a question, in order, without duplicates (Latin ones as written)."""
    terms: list[str] = []
    for word in _tokens(_normalise(text)):
        bare = _strip_particle(word, minimum=1)
        if bare.isascii():  # "API를" -> "API"
            if len(bare) >= 2 and _LATIN_TERM.fullmatch(bare):
                terms.append(bare)
            continue
        if len(bare) == 1:
            if bare in _SHORT_NOUNS:
                terms.append(bare)
            continue
        stem = _stem(word)
        if len(stem) < 2 or _is_inflected_verb(stem) or _is_predicate(bare) or stem.startswith(_QUESTION_FRAME):
            continue
        if not _HANGUL.fullmatch(stem[0]) and not stem[0].isdigit():
            continue
        terms.append(stem)
    seen: set[str] = set()
    unique = []
    for term in terms:
        if term.lower() not in seen:
            seen.add(term.lower())
            unique.append(term)
    return unique


def split_sentences(text: str) -> list[str]:
    """Sentences by punctuation and, for unpunctuated transcripts, by sentence-final endings."""
    text = re.sub(r"…|\.{2,}", " ", _normalise(text))  # an ellipsis is a pause, not a sentence end
    parts = re.split(r"[.!?。]+(?:\s+|$)|\n+", text)
    sentences: list[str] = []
    for part in parts:
        sentences.extend(s.strip() for s in _SPOKEN_END.split(part) if s.strip())
    return sentences


_SPOKEN_END = re.compile(
    r"(?:(?<=니다)|(?<=어요)|(?<=아요)|(?<=에요)|(?<=예요)|(?<=해요)|(?<=네요)|(?<=거든요)|(?<=는데요)|(?<=죠)"
    r"|(?<=했다)|(?<=였다)|(?<=었다)|(?<=았다)|(?<=이다)|(?<=한다)|(?<=된다))\s+"
)


def _find_all(text: str, cues: Iterable[str]) -> list[str]:
    """The cues present in the text, in order of first appearance."""
    found = [(text.find(cue), cue) for cue in cues if cue in text]
    return [cue for _, cue in sorted(found)]


def _phrases(text: str, cues: Iterable[str]) -> list[str]:
    """Like _find_all, but each cue extended to the end of its word, for quoting ("반응이 좋았습니다")."""
    found = {}
    for cue in cues:
        match = re.search(re.escape(cue) + r"[가-힣]*", text)
        if match:
            found[match.start()] = match.group(0)
    return list(dict.fromkeys(found[k] for k in sorted(found)))


def _graded(count: int, steps: tuple[float, ...]) -> float:
    """Diminishing returns: steps[i] is the credit for i + 1 cues; more cues earn the last step."""
    if count <= 0:
        return 0.0
    return steps[min(count, len(steps)) - 1]


def _clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return max(low, min(high, value))


# --- cue lexicons ----------------------------------------------------------------------------

_EVASIVE = (
    "잘 모르겠", "모르겠습니다", "모르겠어요", "모르겠네요", "잘 몰라", "모릅니다", "생각해 본 적 없", "생각해본 적 없",
    "생각해 본 적이 없", "생각해본 적이 없", "해 본 적이 없", "해본 적이 없", "해 본 적 없", "경험이 없", "기억이 안",
    "기억나지 않", "기억이 나지 않", "답변하기 어렵", "대답하기 어렵", "말씀드리기 어렵", "패스하겠", "넘어가겠",
)  # fmt: skip

_SITUATION = (
    "당시", "상황", "프로젝트", "회사에서", "팀에서", "인턴", "재직", "근무", "작년", "지난", "년 전", "입사", "서비스에서",
    "시절", "예를 들어", "예를 들면", "예컨대", "실제로", "고객사", "스타트업", "동아리", "수업", "운영 중", "출시",
)  # fmt: skip
_TASK = (
    "목표", "맡았", "맡은", "맡아", "역할", "담당", "책임", "과제", "해야 했", "해야 하는", "요구사항", "미션", "문제는",
    "문제가", "이슈", "요청", "기한", "마감",
)  # fmt: skip
_ACTION_VERBS = (
    "구현했", "도입했", "설계했", "분석했", "제안했", "개발했", "적용했", "작성했", "구축했", "최적화했", "자동화했",
    "리팩터링했", "리팩토링했", "전환했", "분리했", "변경했", "추가했", "측정했", "실험했", "검증했", "조사했", "인터뷰했",
    "설득했", "조율했", "정리했", "진행했", "기획했", "배포했", "수정했", "교체했", "통합했", "모니터링했", "테스트했",
    "만들었", "바꿨", "바꾸었", "옮겼", "나눴", "나누었", "세웠", "고쳤", "찾았", "붙였", "줄였", "늘렸", "높였", "낮췄",
    "이끌었", "주도했", "정의했", "수립했", "개선했", "해결했", "도출했", "확인했", "공유했", "제작했",
)  # fmt: skip
# Any "<noun>했습니다"-style past verb counts as an action, except speech and thought.
_PAST_VERB = re.compile(r"([가-힣]{2,})(?:했습니다|했고|했으며|했어요|했는데|했다|하였습니다|하였고|했죠|했지만|했던)")
_NOT_ACTIONS = {"생각", "말", "얘기", "이야기", "기억", "걱정", "고민", "노력", "느낌", "후회"}
_PLANNED = re.compile(r"[가-힣]+(?:하겠습니다|하겠어요|할 것입니다|할 겁니다|하려고 합니다|겠습니다|고 싶습니다)")
# "I", not "we": a candidate who only says "저희" leaves their own part unclear.
_FIRST_PERSON = re.compile(r"(?<![가-힣])(?:저는|제가|직접|저 혼자|제 역할)")
_RESULT = (
    "결과", "개선", "줄였", "줄었", "줄어", "줄일", "늘렸", "늘었", "늘어", "올랐", "떨어졌", "달성", "감소", "증가", "향상", "단축", "절감", "해결",
    "성공", "높였", "낮췄", "낮아", "빨라", "효과", "성과", "좋아졌", "안정", "만족", "호평", "채택",
)  # fmt: skip

# Stock phrases that sound like an answer but carry no evidence.
_CLICHES = (
    "최선을 다", "열심히", "노력하는 편", "노력했", "노력하겠", "중요하다고 생각", "꼼꼼하게", "책임감",
    "성실", "소통을 잘", "잘 소통", "많이 배웠", "배울 수 있었", "좋은 경험", "좋은 결과", "반응이 좋", "성장할 수 있었",
)  # fmt: skip
# Hedges about one's own past: the candidate should know what they did.
_HEDGES = ("것 같습니다", "것 같고", "것 같아요", "듯합니다", "아마도", "아마 ")

_REASONS = (
    "왜냐하면", "때문", "이유는", "이유로", "이유가", "덕분에", "위해", "목적으로", "그래서", "따라서", "판단해",
    "판단했", "원인은", "원인이", "다는 점", "라는 점", "는 점에서",
)  # fmt: skip
_TRADE_OFFS = (
    "반면", "대신", "장단점", "장점", "단점", "트레이드오프", "trade-off", "tradeoff", "비교", "고려", "검토", "대안",
    "한계", "리스크", "위험", "부담", "비용", "하지만", "다만", "그러나", "오히려", "선택지",
)  # fmt: skip
_STRUCTURE = (
    "첫째", "첫 번째", "둘째", "두 번째", "셋째", "세 번째", "먼저", "우선", "다음으로", "그다음", "그 다음", "이후",
    "그리고", "마지막으로", "결론적으로", "정리하면", "요약하면", "결과적으로",
)  # fmt: skip
# Hard fillers are never content; soft ones ("좀", "이제") sometimes are, so they count half.
_HARD_FILLERS = {"음", "음음", "어", "어어", "아", "엄", "으음", "그러니까", "뭐랄까", "있잖아요", "뭐지"}
_SOFT_FILLERS = {"그냥", "약간", "뭔가", "막", "뭐", "좀", "이제", "솔직히", "사실"}

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


def _vocabulary(family: Family) -> tuple[str, ...]:
    # A position outside the known families may draw on any of them.
    return _DOMAIN_VOCABULARY.get(family, _ALL_DOMAIN_VOCABULARY)


# Example metrics to suggest when an answer has none, by position family.
_METRIC_EXAMPLES: dict[Family, str] = {
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
_BEHAVIOURAL = re.compile(r"갈등|팀원|동료|협업|실패|배운|배웠|동기|자기소개|리더|설득|강점|약점|지원")

# Units of measured outcomes; a bare year ("2022년") is a date, not a metric.
_UNIT = (
    r"%p|%|퍼센트|프로|ms|밀리초|초|분|시간|일|주|개월|달|년|배|명|건|만\s?원|억\s?원|원|억|만|천|개|회|번|"
    r"tps|qps|rps|TPS|QPS|RPS|GB|MB|KB|TB|gb|mb|kb|점|포인트|달러|단계|줄|fps|위"
)
_METRIC = re.compile(rf"(?<![\w.])(\d+(?:[.,]\d+)*)\s?({_UNIT})(?![a-zA-Z])")
_WORD_METRIC = re.compile(r"(?:두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s?배|절반")
_BEFORE_AFTER = re.compile(rf"(\d+(?:[.,]\d+)*\s?(?:{_UNIT}))\s?에서\s?(\d+(?:[.,]\d+)*\s?(?:{_UNIT}))\s?(?:으로|로)")
_YEAR = re.compile(r"^\d{4}\s?년$")
_UNITS_ONLY = {"ms", "tps", "qps", "rps", "gb", "mb", "kb", "tb", "fps", "p"}


# --- signals ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerSignals:
    """Everything the scorer detected in one answer: the evidence behind each score and sentence."""

    words: int
    sentences: list[str]
    question_known: bool
    key_terms: list[str]
    covered_terms: list[str]
    similarity: float
    evasive: list[str]
    intents_asked: list[str]
    intents_met: list[str]
    hypothetical: bool
    behavioural: bool
    situation: list[str]
    task: list[str]
    actions: list[str]
    planned_actions: int
    first_person: list[str]
    results: list[str]
    cliches: list[str]
    hedges: list[str]
    metrics: list[str]
    before_after: str | None
    reasons: list[str]
    trade_offs: list[str]
    tech_terms: list[str]
    family_terms: list[str]
    structure: list[str]
    fillers: list[str]
    filler_weight: float
    longest_sentence: int
    repeated: list[str]
    repeated_sentences: list[str]
    distinct_ratio: float
    family: Family

    @property
    def coverage(self) -> float | None:
        # Touching four of a question's key terms is full coverage: long questions list more
        # terms than any answer needs to repeat.
        if not self.key_terms:
            return None
        return min(1.0, len(self.covered_terms) / min(len(self.key_terms), 4))


def _similarity(question: str, answer: str) -> float:
    # Always the hashing embedding: the thresholds below are calibrated on it, whatever
    # EMBEDDING_BACKEND the deployment uses for search.
    return cosine(hashing_embedding(question), hashing_embedding(answer))


def _covered(terms: list[str], answer: str) -> list[str]:
    flat = answer.lower()
    return [term for term in terms if _concept_present(term, flat)]


def _intents(question: str) -> list[str]:
    intents = []
    if re.search(r"경험|사례|했던|였던|있었|하셨|셨나요|소개", question):
        intents.append("experience")
    if re.search(r"이유|왜", question):
        intents.append("reason")
    if re.search(r"어떻게|방법|순서|원칙|방식|접근|대응", question):
        intents.append("method")
    if re.search(r"장단점|비교|차이|트레이드오프|선택", question):
        intents.append("trade_off")
    return intents


def _is_hypothetical(question: str, intents: list[str]) -> bool:
    """Whether the question asks for a plan ("…라면 어떻게 하시겠어요?"): then steps are the evidence, not results."""
    return "experience" not in intents and bool(re.search(r"겠어요|겠습니까|시겠|라면|다면|시나요|싶으신", question))


def _actions(text: str) -> list[str]:
    """Stems of what the speaker did ("도입", "설계", "만들었"), in order."""
    found = [cue.removesuffix("했") for cue in _find_all(text, _ACTION_VERBS)]
    for match in _PAST_VERB.finditer(text):
        stem = _strip_particle(match.group(1))
        if stem not in _NOT_ACTIONS and not any(stem.endswith(n) for n in _NOT_ACTIONS if len(n) > 1):
            found.append(stem)
    return list(dict.fromkeys(found))


def _metrics(text: str, question: str) -> list[str]:
    """Measured quantities in the answer; dates and numbers echoed from the question are not evidence."""
    metrics = []
    for match in _METRIC.finditer(text):
        value = match.group(0).strip()
        if not _YEAR.match(value) and value not in question:
            metrics.append(value)
    metrics.extend(m.group(0) for m in _WORD_METRIC.finditer(text) if m.group(0) not in question)
    return list(dict.fromkeys(metrics))


def _tech_terms(text: str, question: str, family: Family) -> list[str]:
    """Latin terms and the position's domain nouns that the question did not already say (echoes show no depth).

    Only the position's own vocabulary counts: "범위" is a PM's term but a developer's "아는 범위".
    """
    latin = [
        m.group(0)
        for m in _LATIN_PHRASE.finditer(text)
        if m.group(0).lower() not in _UNITS_ONLY and not re.fullmatch(r"[a-z]", m.group(0))
    ]
    asked = question.lower()
    terms = [*latin, *_find_all(text, _vocabulary(family))]
    return list(dict.fromkeys(t for t in terms if t.lower() not in asked))


def _fillers(words: list[str]) -> tuple[list[str], float]:
    hard = [w for w in words if w in _HARD_FILLERS]
    soft = [w for w in words if w in _SOFT_FILLERS]
    return [*hard, *soft], len(hard) + 0.5 * len(soft)


def _repetition(words: list[str]) -> tuple[list[str], float]:
    """Content words said three or more times (and making up a noticeable share), and the distinct ratio."""
    stems = [
        _stem(w)
        for w in words
        if w not in _HARD_FILLERS and w not in _SOFT_FILLERS and not _FIRST_PERSON.fullmatch(w) and len(_stem(w)) >= 2
    ]
    if not stems:
        return [], 1.0
    counts = Counter(stems)
    repeated = [w for w, n in counts.most_common() if n >= 3 and n / len(stems) >= 0.08]
    return repeated, len(counts) / len(stems)


def analyse_answer(question: str, answer: str, position: str) -> AnswerSignals:
    """Detect the rubric cues in an answer (pure, deterministic)."""
    question, answer = _normalise(question), _normalise(answer)
    words = _tokens(answer)
    sentences = split_sentences(answer)
    family = family_of(position)
    terms = key_terms(question)
    asked = _intents(question)

    actions = _actions(answer)
    reasons = _find_all(answer, _REASONS)
    trade_offs = _find_all(answer, _TRADE_OFFS)
    structure = _find_all(answer, _STRUCTURE)
    situation = _find_all(answer, _SITUATION) + [m.group(0) for m in re.finditer(r"\d{4}\s?년", answer)]
    planned = len(_PLANNED.findall(answer))
    met = []
    if "experience" in asked and (actions or situation):
        met.append("experience")
    if "reason" in asked and reasons:
        met.append("reason")
    if "method" in asked and (actions or planned or structure):
        met.append("method")
    if "trade_off" in asked and trade_offs:
        met.append("trade_off")

    fillers, filler_weight = _fillers(words)
    repeated, distinct = _repetition(words)
    before_after = _BEFORE_AFTER.search(answer)
    return AnswerSignals(
        words=len(words),
        sentences=sentences,
        question_known=bool(_tokens(question)),
        key_terms=terms,
        covered_terms=_covered(terms, answer),
        similarity=_similarity(question, answer) if words else 0.0,
        # Only an opening "모르겠습니다" dodges the question; "처음엔 원인을 잘 모르겠어서" mid-story does not.
        evasive=_find_all(" ".join(sentences[:1]) if len(sentences) > 2 else answer, _EVASIVE),
        intents_asked=asked,
        intents_met=met,
        hypothetical=_is_hypothetical(question, asked),
        behavioural=bool(_BEHAVIOURAL.search(question)),
        situation=list(dict.fromkeys(situation)),
        task=_find_all(answer, _TASK),
        actions=actions,
        planned_actions=planned,
        first_person=list(dict.fromkeys(_FIRST_PERSON.findall(answer))),
        results=_find_all(answer, _RESULT),
        cliches=_phrases(answer, _CLICHES),
        hedges=_find_all(answer, _HEDGES),
        metrics=_metrics(answer, question),
        before_after=f"{before_after.group(1)} → {before_after.group(2)}" if before_after else None,
        reasons=reasons,
        trade_offs=trade_offs,
        tech_terms=_tech_terms(answer, question, family),
        family_terms=_find_all(answer, _vocabulary(family)),
        structure=structure,
        fillers=fillers,
        filler_weight=filler_weight,
        longest_sentence=max((len(_tokens(s)) for s in sentences), default=0),
        repeated=repeated,
        repeated_sentences=[x for x, n in Counter(sentences).items() if n >= 2 and len(_tokens(x)) >= 2],
        distinct_ratio=distinct,
        family=family,
    )


# --- dimension scores ------------------------------------------------------------------------


def _length_gate(words: int) -> float:
    # Nothing can be judged from one or two words; from eight words on, length no longer gates.
    return _clamp(words / 8)


def score_relevance(s: AnswerSignals) -> float:
    """Topic match (key-term coverage 55/45 with embedding similarity), lifted by meeting the question's
    intent and using the position's vocabulary; an opening "모르겠습니다" caps it."""
    if s.words == 0:
        return 0.0
    # Hashing-embedding cosine between a question and an answer: ~0.05 unrelated, ~0.3+ on topic.
    sim = _clamp((s.similarity - 0.06) / 0.24)
    coverage = s.coverage
    content = sim if coverage is None else 0.55 * max(coverage, sim) + 0.45 * min(coverage, sim)
    if not s.question_known:
        content = 0.6  # no question text to compare with: neither reward nor punish
    # Meeting what the question asks for (an experience, a reason, a method) and speaking the
    # position's language lift an answer that paraphrases instead of repeating the question's words.
    intent = len(s.intents_met) / len(s.intents_asked) if s.intents_asked else 0.5
    domain = _graded(len(s.family_terms), (0.5, 0.8, 1.0))
    topical = _clamp(content * (0.6 + 0.4 * intent) + 0.2 * domain * content**0.5 + 0.1 * intent * content**0.5)
    relevance = 100 * _length_gate(s.words) * (0.1 + 0.9 * topical**0.75)
    if s.evasive:
        # "잘 모르겠습니다" alone is no answer; after an admission a real attempt still counts, partly.
        relevance = min(relevance, 12.0) if s.words < 15 else relevance * 0.75
    return relevance


def score_specificity(s: AnswerSignals) -> float:
    """STAR evidence: situation 15, task 10, action 30 (+ "저는/제가"), result 20, numbers 25;
    for a hypothetical question steps 45, named tools 20, numbers 20, context 15. Stock phrases cost."""
    situation = _graded(len(s.situation), (0.75, 1.0))
    task = _graded(len(s.task), (0.75, 1.0))
    action = _graded(len(s.actions), (0.5, 0.75, 1.0))
    result = _graded(len(s.results), (0.7, 1.0))
    numbers = 1.0 if s.before_after else _graded(len(s.metrics), (0.7, 0.9, 1.0))
    if s.hypothetical:
        # A plan has no past situation or result: concrete steps, named tools and numbers are its evidence.
        steps = max(action, _graded(s.planned_actions + len(s.structure), (0.4, 0.7, 0.85, 1.0)))
        named = _graded(len(s.tech_terms), (0.4, 0.7, 1.0))
        raw = 0.45 * steps + 0.2 * named + 0.2 * numbers + 0.15 * max(situation, task, result)
    else:
        # Plans are weaker evidence than things done.
        action = max(action, _graded(s.planned_actions, (0.3, 0.5, 0.6)))
        action = _clamp(action + (0.2 if s.first_person and action else 0.0))
        raw = 0.15 * situation + 0.10 * task + 0.30 * action + 0.20 * result + 0.25 * numbers
    # Stock phrases ("최선을 다해", "좋은 결과") and hedges ("~했던 것 같습니다") stand in for evidence.
    if not s.metrics:
        raw -= min(0.2, 0.07 * (len(s.cliches) + len(s.hedges)))
    return 100 * _length_gate(s.words) * _clamp(raw)


def score_clarity(s: AnswerSignals) -> float:
    """Sentence lengths 45 (no fragments, no run-ons), few fillers 25, little repetition 15, order markers 15."""
    if s.words == 0:
        return 0.0
    lengths = [len(_tokens(sentence)) for sentence in s.sentences] or [s.words]

    def sentence_quality(n: int) -> float:
        if n < 4:  # a fragment
            return 0.4 + 0.15 * n
        if n <= 30:
            return 1.0
        return _clamp(1 - (n - 30) / 40)  # a run-on: worthless as a sentence at 70 words

    plain = sum(sentence_quality(n) for n in lengths) / len(lengths)
    weighted = sum(sentence_quality(n) * n for n in lengths) / sum(lengths)
    sentences = 0.5 * plain + 0.5 * weighted
    filler = _clamp(1 - (s.filler_weight / s.words) / 0.15)
    repetition = _clamp((s.distinct_ratio - 0.35) / 0.35) if s.words >= 10 else 1.0
    # Order markers help a long answer; a short one is clear without them.
    structure = max(_graded(len(s.structure), (0.6, 0.85, 1.0)), 0.7 if s.words < 30 else 0.3)
    raw = 0.45 * sentences + 0.25 * filler + 0.15 * repetition + 0.15 * structure
    return 100 * _length_gate(s.words) * raw


def score_depth(s: AnswerSignals) -> float:
    """Reasons 30, trade-offs and alternatives 25, technical vocabulary 25, length 20 (all with diminishing returns)."""
    reasons = _graded(len(s.reasons), (0.6, 0.85, 1.0))
    trade_offs = _graded(len(s.trade_offs), (0.55, 0.8, 1.0))
    tech = 1 - math.exp(-len(s.tech_terms) / 2.2)
    length = 1 - math.exp(-s.words / 45)  # diminishing: 30 words 0.49, 60 0.74, 100 0.89
    raw = 0.30 * reasons + 0.25 * trade_offs + 0.25 * tech + 0.20 * length
    return 100 * _length_gate(s.words) * raw


def _round(value: float) -> int:
    # Half up, not Python's half-to-even, so that x.5 always goes the same way.
    return int(_clamp(value, 0, 100) + 0.5)


def combine(rubric: RubricScores) -> int:
    """The overall score: WEIGHTS applied to the rubric, scaled down below RELEVANCE_GATE."""
    weighted = sum(getattr(rubric, name) * weight for name, weight in WEIGHTS.items())
    if rubric.relevance < RELEVANCE_GATE:
        weighted *= 0.4 + 0.6 * rubric.relevance / RELEVANCE_GATE
    return _round(weighted)


# --- feedback --------------------------------------------------------------------------------

# The kind, honest "strengths" given when nothing in an answer stands out; a session report
# leaves them out when it has real strengths to show.
HONEST_ADMISSION = "솔직하게 모르는 부분을 인정했습니다."
TRIED_TO_ANSWER = "질문의 요지를 이해하고 답하려 했습니다."
TRIED_TO_TELL = "자신의 경험을 적극적으로 이야기하려 했습니다."
NOTHING_TO_JUDGE = "답변이 짧아 아직 강점을 판단하기 어렵습니다."
PLACEHOLDER_STRENGTHS = frozenset({HONEST_ADMISSION, TRIED_TO_ANSWER, TRIED_TO_TELL, NOTHING_TO_JUDGE})


def _shorten(text: str, words: int = 6) -> str:
    tokens = text.split()
    return " ".join(tokens[:words]) + ("…" if len(tokens) > words else "")


def _quote(items: list[str], limit: int = 2) -> str:
    return ", ".join(items[:limit])


def _strengths(s: AnswerSignals, rubric: RubricScores) -> list[str]:
    out: list[str] = []
    if s.before_after:
        out.append(f"구체적인 수치({s.before_after})로 결과를 보여 주었습니다.")
    elif s.metrics:
        # "결과" only for numbers in a sentence about an outcome ("3년 차" is not one); those are quoted first.
        outcome = [m for m in s.metrics if any(m in x and any(c in x for c in _RESULT) for x in s.sentences)]
        if outcome:
            quoted = outcome + [m for m in s.metrics if m not in outcome]
            out.append(f"구체적인 수치({_quote(quoted)})로 결과를 보여 주었습니다.")
        else:
            out.append(f"구체적인 수치({_quote(s.metrics)})로 답변을 뒷받침했습니다.")
    if s.situation and s.actions and s.results:
        out.append("상황·행동·결과의 흐름(STAR)으로 경험을 설명했습니다.")
    elif len(s.actions) >= 2 or (s.actions and s.first_person):
        out.append(f"본인이 직접 한 행동({_quote(s.actions)})을 분명히 밝혔습니다.")
    if s.trade_offs and s.reasons:
        out.append("선택의 이유와 함께 대안·장단점을 비교해 판단 근거가 드러났습니다.")
    elif s.reasons:
        out.append("왜 그렇게 했는지 이유를 함께 설명했습니다.")
    elif len(s.trade_offs) >= 2:
        out.append("대안과 장단점을 고려한 점이 드러났습니다.")
    latin = [t for t in s.tech_terms if t.isascii()]
    if len(s.tech_terms) >= 3 or (latin and len(s.tech_terms) >= 2):
        named = _quote(latin + [t for t in s.tech_terms if not t.isascii()], 3)
        if s.family in (Family.PM, Family.DESIGN, Family.GENERAL):
            out.append(f"직무 관련 개념({named})을 구체적으로 언급했습니다.")
        else:
            out.append(f"기술 요소({named})를 구체적으로 언급했습니다.")
    if rubric.relevance >= 70 and s.covered_terms:
        out.append(f"질문의 핵심({_quote(s.covered_terms)})에 직접 답했습니다.")
    if len(s.structure) >= 2 and rubric.clarity >= 70:
        out.append(f"‘{s.structure[0]}’, ‘{s.structure[1]}’ 같은 표현으로 순서를 잡아 정리했습니다.")
    if not out and rubric.clarity >= 75 and s.words >= 15:
        out.append("문장을 적당한 길이로 끊어 알아듣기 쉽게 말했습니다.")
    if not out:
        # Nothing stands out: say something true and kind, never invent merit.
        if s.evasive:
            out.append(HONEST_ADMISSION)
        elif rubric.relevance >= 40:
            out.append(TRIED_TO_ANSWER)
        elif s.words >= 15:
            out.append(TRIED_TO_TELL)
        else:
            out.append(NOTHING_TO_JUDGE)
    return out[:3]


def _improvements(s: AnswerSignals, rubric: RubricScores) -> list[str]:
    """Up to three pieces of advice, spread over the dimensions that cost the answer most points."""
    advice: dict[str, list[str]] = {"relevance": [], "specificity": [], "depth": [], "clarity": []}
    if s.words == 0:
        advice["relevance"].append("답변이 없습니다. 상황, 본인의 행동, 결과 순서로 두세 문장씩 말해 보세요.")
    elif s.words < 15:
        if s.evasive:
            advice["relevance"].append("모르는 부분이 있더라도 아는 범위에서 어떻게 접근할지 설명해 보세요.")
        advice["relevance"].append("답변이 너무 짧습니다. 상황, 본인의 행동, 결과를 두세 문장씩 채워 말해 보세요.")
    elif rubric.relevance < 45:
        focus = f"({_quote(s.key_terms, 3)})" if s.key_terms else ""
        advice["relevance"].append(f"질문의 핵심{focus}에 먼저 직접 답한 뒤 관련 경험을 덧붙여 주세요.")
    elif s.evasive:
        advice["relevance"].append("‘모르겠다’로 시작하기보다 아는 범위에서 접근 방법을 먼저 말해 보세요.")

    specificity = advice["specificity"]
    if s.cliches and not s.metrics and s.words >= 10:
        specificity.append(f"‘{s.cliches[0]}’ 같은 일반적인 표현 대신 실제로 한 일과 그 결과를 말해 보세요.")
    if len(s.hedges) >= 2 or (s.hedges and not s.cliches):
        specificity.append("‘~것 같습니다’처럼 흐리는 표현 대신 ‘~했습니다’로 분명하게 말해 보세요.")
    if s.hypothetical and not s.actions:
        if s.planned_actions + len(s.structure) < 2 and s.words >= 15:
            specificity.append("어떤 순서로 무엇을 하겠는지 단계별로 구체적으로 말해 보세요.")
    elif not s.actions and s.words >= 15:
        specificity.append("본인이 직접 한 행동을 더 분명히 말해 보세요. ‘저는 ~을 설계했습니다’처럼요.")
    elif s.actions and not s.first_person and re.search(r"팀|저희|우리", " ".join(s.sentences)):
        # Korean drops the subject: "논의했고" may be the team's work, not the candidate's.
        specificity.append("팀이 한 일과 본인이 직접 한 일을 구분해 말해 보세요. ‘저는 ~을 맡아 ~했습니다’처럼요.")
    if not s.metrics and s.words >= 15:
        examples = _METRIC_EXAMPLES[Family.GENERAL if s.behavioural else s.family]
        if s.hypothetical and not s.actions:
            specificity.append(f"판단 기준이나 목표를 수치(예: {examples})로 제시하면 설득력이 커집니다.")
        else:
            specificity.append(f"결과를 수치(예: {examples})로 보여 주면 설득력이 커집니다.")
    elif not s.results and not s.hypothetical and s.words >= 15:
        specificity.append("그 행동으로 무엇이 달라졌는지 결과를 덧붙여 주세요.")
    if not s.situation and s.actions and "experience" in s.intents_asked:
        specificity.append("어떤 프로젝트, 어떤 상황이었는지 배경을 먼저 짧게 설명해 주세요.")

    if not s.reasons and s.words >= 15:
        advice["depth"].append("왜 그렇게 판단했는지 이유를 함께 말해 보세요.")
    if s.reasons and not s.trade_offs and s.words >= 30:
        advice["depth"].append("고려했던 다른 방법과 장단점을 비교하면 판단의 깊이가 드러납니다.")

    clarity = advice["clarity"]
    if s.longest_sentence > 40:
        clarity.append(f"한 문장이 {s.longest_sentence}어절로 너무 깁니다. 핵심마다 문장을 끊어 말해 보세요.")
    if s.words and s.filler_weight / s.words >= 0.05:
        quoted = "’, ‘".join(dict.fromkeys(s.fillers[:6]))
        clarity.append(f"‘{quoted}’ 같은 군말({len(s.fillers)}회)을 줄이면 답변이 더 단단하게 들립니다.")
    if s.repeated_sentences:
        quoted = _shorten(s.repeated_sentences[0])
        clarity.append(f"같은 문장(‘{quoted}’)을 여러 번 반복했습니다. 한 번만 분명하게 말해 보세요.")
    elif s.repeated:
        clarity.append(f"‘{s.repeated[0]}’ 같은 표현이 반복됩니다. 다른 말로 바꾸거나 한 번에 정리해 보세요.")
    if s.words >= 60 and not s.structure:
        clarity.append("‘먼저’, ‘그다음’, ‘마지막으로’ 같은 표현으로 순서를 잡아 주면 따라가기 쉽습니다.")

    # The dimension losing the most weighted points speaks first; relevance counts double
    # because it gates the whole score. One piece per dimension before any gets a second.
    def lost(dim: str) -> float:
        return WEIGHTS[dim] * (100 - getattr(rubric, dim)) * (2 if dim == "relevance" else 1)

    ranked = sorted((dim for dim in advice if advice[dim]), key=lambda dim: (-lost(dim), list(advice).index(dim)))
    out: list[str] = []
    for round_ in range(max((len(advice[dim]) for dim in ranked), default=0)):
        out.extend(advice[dim][round_] for dim in ranked if round_ < len(advice[dim]))
    if not out:
        out.append("핵심 결과를 첫 문장에 먼저 말하고 세부 내용을 이어 가면 더 인상적입니다.")
    return out[:3]


def _summary(s: AnswerSignals, rubric: RubricScores, score: int, improvements: list[str]) -> str:
    if s.evasive and rubric.relevance < 45:
        verdict = "모른다고 답해 질문에 대한 답을 듣지 못했습니다."
    elif s.words == 0:
        verdict = "답변 내용이 없어 평가할 수 없습니다."
    elif s.words < 3:
        verdict = "평가할 만한 답변 내용이 거의 없습니다."
    elif rubric.relevance < 35 and s.words >= 15:
        verdict = "질문과 다른 내용을 주로 이야기한 답변입니다."
    elif s.words < 15 and score < 45:
        verdict = "답변이 짧고 막연해 역량을 판단할 근거가 부족합니다."
    elif score < 45 and rubric.relevance >= 60:
        verdict = "질문의 주제는 맞지만 구체적인 경험과 근거가 거의 없는 답변입니다."
    elif score >= 80:
        verdict = "질문에 정확히 답하면서 구체적인 근거가 분명한 우수한 답변입니다."
    elif score >= 65:
        verdict = "질문에 맞게 답했고 핵심 근거도 갖춘 좋은 답변입니다."
    elif score >= 45:
        verdict = "방향은 맞지만 구체적인 근거와 결과가 더 필요한 답변입니다."
    else:
        verdict = "질문과의 연결이나 구체성이 많이 부족한 답변입니다."
    if s.words == 0:
        return verdict
    # Two sentences at most: the verdict and the first sentence of the most important advice.
    advice = re.split(r"(?<=[.!?])\s+", improvements[0])[0]
    return f"{verdict} {advice}"


# --- entry point -----------------------------------------------------------------------------


def evaluate_locally(question: str, answer: str, position: str) -> Evaluation:
    """Score one answer on the four rubric dimensions and write Korean feedback (source="local")."""
    signals = analyse_answer(question, answer or "", position)
    rubric = RubricScores(
        relevance=_round(score_relevance(signals)),
        specificity=_round(score_specificity(signals)),
        clarity=_round(score_clarity(signals)),
        depth=_round(score_depth(signals)),
    )
    score = combine(rubric)
    improvements = _improvements(signals, rubric)
    return Evaluation(
        score=score,
        rubric=rubric,
        strengths=_strengths(signals, rubric),
        improvements=improvements,
        summary=_summary(signals, rubric, score, improvements)[:500],
        source="local",
    )
