"""Korean text helpers for the offline question planner, built on the kiwipiepy morphological analyser.

- `key_terms`: what a thoughtful interviewer would pick up from an answer to ask about next.
- `josa`: a word with the particle that fits its final sound ("Redis를", "Spring을", "서버로").
- `star_signals`: which parts of a situation–task–action–result story an answer already tells.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from kiwipiepy import Kiwi, Token

# Loanwords the analyser splits into nonsense ("온보딩" → 온/MM 보/NNG 딩/MAG); registered once as nouns.
_USER_NOUNS = (
    "병목",
    "로그",
    "비동기",
    "샤딩",
    "온보딩",
    "도커",
    "코틀린",
    "백엔드",
    "프론트엔드",
    "프런트엔드",
    "엔드포인트",
    "데이터셋",
    "레이블링",
    "라벨링",
    "오토스케일링",
    "마이크로서비스",
    "와이어프레임",
    "하이퍼파라미터",
    "리렌더링",
    "파인튜닝",
)

# Korean technical vocabulary: a noun (or a compound containing one) that an interviewer would dig into.
_TECH_NOUNS = frozenset(
    {
        *_USER_NOUNS,
        "캐시",
        "캐싱",
        "쿼리",
        "인덱스",
        "트랜잭션",
        "데이터베이스",
        "클러스터",
        "쿠버네티스",
        "컨테이너",
        "파이프라인",
        "모니터링",
        "로깅",
        "트래픽",
        "부하",
        "지연",
        "병목",
        "동시성",
        "정합성",
        "아키텍처",
        "리팩터링",
        "리팩토링",
        "알고리즘",
        "전처리",
        "대시보드",
        "프로토타입",
        "컴포넌트",
        "렌더링",
        "스케일링",
        "레플리카",
        "마이그레이션",
        "스키마",
        "전환율",
        "이탈률",
        "리텐션",
        "퍼널",
        "사용성",
        "접근성",
        "프로파일링",
        "크래시",
        "로드밸런서",
        "메시지",
        "배포",
        "롤백",
        "카나리",
        "장애",
        "인증",
        "암호화",
        "보안",
        "최적화",
        "자동화",
        "모델",
        "추론",
        "피처",
        "임베딩",
        "과적합",
        "실험",
        "가설",
        "지표",
        "인터랙션",
        "페르소나",
        "리서치",
        "로드맵",
        "백로그",
        "안정성",
        "확장성",
        "가용성",
        "테스트",
        "이벤트",
        "스트리밍",
        "배치",
        "번들",
    }
)

# Never a term and never part of one: a compound breaks around them ("이전 회사 결제 시스템" → "결제 시스템").
_FILLER_NOUNS = frozenset(
    {
        "경험",
        "생각",
        "부분",
        "정도",
        "때",
        "것",
        "수",
        "등",
        "저",
        "저희",
        "우리",
        "회사",
        "이전",
        "당시",
        "이번",
        "최근",
        "처음",
        "다음",
        "동안",
        "이후",
        "후",
        "전",
        "중",
        "경우",
        "관련",
        "가지",
        "번",
        "점",
        "측면",
        "노력",
        "덕분",
        "자체",
        "전체",
        "다양",
        "가장",
        "계기",
        "사실",
        "입장",
        "위",
        "기간",
        "개월",
        "년",
        "주",
        "달",
        "날",
        "안녕",
        "감사",
        "지원",
        "도입",
        "적용",
        "진행",
        "작업",
        "담당",
        "사용",
        "활용",
        "통해",
        "개발자",
        "엔지니어",
        "디자이너",
        "기획자",
        "매니저",
        "분석가",
        "직무",
        "연차",
        "신입",
        "경력",
        "지원자",
        "면접",
        "질문",
        "답변",
        "말씀",
        "자신",
        "본인",
        "대신",
        "이유",
        "때문",
        "결과",
        "목표",
        "역할",
        "상황",
        "과정",
        "방법",
        "방식",
        "여러",
        "모든",
        "각",
        "간",
        "내",
        "외",
        "이상",
        "이하",
        "정말",
        "매우",
        "필요",
        "중요",
        "선택",
        "결정",
        "고민",
        "시도",
        "확인",
        "참여",
        "수행",
        "준비",
        "공부",
        "순서",
        "아래",
        "예전",
        "평소",
        "도움",
        "결국",
        "편리",
        "불편",
        "앞",
        "뒤",
        "밖",
    }
)

# Dependent nouns: they lean on what comes before ("Kafka 기반", "결제 관련"); never a term's first word alone.
_BOUND_NOUNS = frozenset(
    {"기반", "관련", "위주", "중심", "전용", "대상", "기준", "단위", "형태", "방식", "측", "쪽", "대"}
)

# Fine inside a compound ("응답 시간", "결제 시스템"), too vague to ask about alone.
_WEAK_NOUNS = frozenset(
    {
        "프로젝트",
        "문제",
        "시간",
        "서비스",
        "시스템",
        "기능",
        "데이터",
        "개발",
        "구현",
        "처리",
        "개선",
        "관리",
        "해결",
        "업무",
        "팀",
        "팀원",
        "사람",
        "사용자",
        "고객",
        "코드",
        "기술",
        "성과",
        "내용",
        "부서",
        "요청",
        "원인",
        "효과",
        "성능",
        "속도",
        "품질",
        "운영",
        "설계",
        "분석",
        "구조",
        "화면",
        "제품",
        "회의",
        "일정",
        "비용",
        "규모",
        "환경",
        "도구",
        "방향",
        "의견",
        "일",
        "앱",
        "웹",
        "백엔드",
        "프론트엔드",
        "프런트엔드",
    }
)

# Acronyms so common they say little on their own: asked about only when nothing more specific was said.
_GENERIC_FOREIGN = frozenset(
    {"api", "db", "ui", "ux", "it", "sw", "pc", "os", "pm", "qa", "ai", "ml", "app", "web", "b2b", "b2c", "saas", "mvp"}
    | {"id", "url", "ok", "etc", "vs"}
)

# Measurement units written in Latin letters: part of a metric, not a term ("120ms", "3GB").
_UNITS = frozenset(
    {"ms", "s", "sec", "m", "h", "kb", "mb", "gb", "tb", "x", "k", "rps", "qps", "tps", "p", "fps", "px", "dp"}
)

# Noun suffixes that belong to the noun ("안정성", "자동화", "이탈률").
_NOUN_SUFFIXES = frozenset({"성", "화", "률", "율", "량", "력", "도", "감"})

_MAX_COMPOUND_PARTS = 4
_MAX_FOREIGN_CHARS = 24
# What may stand between two Latin tokens of one name: "Spring Boot", "CI/CD", "Node.js", "scikit-learn".
_FOREIGN_JOINERS = frozenset({"", " ", "/", "-", "."})


@lru_cache(maxsize=1)
def kiwi() -> Kiwi:
    """The process-wide analyser: loading its model takes over a second, so it happens once, on first use."""
    analyser = Kiwi()
    for noun in _USER_NOUNS:
        analyser.add_user_word(noun, "NNG", 0.0)
    return analyser


@lru_cache(maxsize=1024)
def _tokens(text: str) -> tuple[Token, ...]:
    # The planner asks for terms and signals of the same answer several times per question.
    return tuple(kiwi().tokenize(text))


# ---------------------------------------------------------------------------------------------------------- key terms


@dataclass
class _Run:
    foreign: bool
    start: int
    end: int
    parts: list[str] = field(default_factory=list)
    part_starts: list[int] = field(default_factory=list)
    adjectival: bool = False  # "효율적인": the noun describes, it is not a topic
    name_like: bool = False  # "김민수입니다": a self-introduction's name
    # A Latin name followed by Korean nouns, one phrase: "Kafka 기반 정산 파이프라인", "Redis 캐시".
    named: str | None = None


# A locative particle left on a noun of two syllables or more: hardly any Korean noun ends in 에.
_ATTACHED_PARTICLE = re.compile(r"[가-힣]{2,}에")


def _gap(text: str, end: int, start: int) -> str:
    return text[end:start] if start >= end else ""


def _noun_runs(text: str) -> list[_Run]:
    runs: list[_Run] = []
    current: _Run | None = None
    tokens = _tokens(text)
    for index, token in enumerate(tokens):
        tag, form = token.tag, token.form
        end = token.start + token.len
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        # "사용" is filler, "사용성" (사용 + 성) is not.
        suffixed = following is not None and following.tag == "XSN" and following.form in _NOUN_SUFFIXES
        # A root used as a noun inside a compound: "상품 상세 페이지" (상세/XR), not "다양한" (다양/XR + 하/XSA).
        nominal_root = tag == "XR" and following is not None and following.tag in ("NNG", "NNP")
        if (tag in ("NNG", "NNP", "XPN") or nominal_root) and (
            form not in _FILLER_NOUNS or (suffixed and following is not None and following.start == end)
        ):
            joins = current is not None and _gap(text, current.end, token.start) in ("", " ")
            if current is not None and current.foreign and joins:
                # The Latin name modifies the Korean head that follows: keep the phrase whole.
                current.named = " ".join(text[current.start : current.end].split())
                current.foreign = False
                current.parts = []
                current.part_starts = []
            elif current is None or current.foreign or not joins:
                if current is not None:
                    runs.append(current)
                current = _Run(foreign=False, start=token.start, end=end)
            if _ATTACHED_PARTICLE.fullmatch(form):
                # Kiwi sometimes reads a noun and its particle as one noun ("컬럼에" in "조건 컬럼에 인덱스를"):
                # the phrase ends at the particle, as it would have with the particle tagged.
                current.parts.append(form[:-1])
                current.part_starts.append(token.start)
                current.end = end - 1
                runs.append(current)
                current = None
                continue
            current.parts.append(form)
            current.part_starts.append(token.start)
            current.end = end
            if tag == "NNP" and len(current.parts) == 1 and following is not None and following.tag == "VCP":
                current.name_like = True
            continue
        if tag == "XSN" and current is not None and not current.foreign and token.start == current.end:
            if form in _NOUN_SUFFIXES:
                current.parts[-1] += form
                current.end = end
                continue
            current.adjectival = form == "적"
        elif tag == "SL":
            if current is None or not current.foreign or _gap(text, current.end, token.start) not in _FOREIGN_JOINERS:
                if current is not None:
                    runs.append(current)
                current = _Run(foreign=True, start=token.start, end=end)
            current.parts.append(form)
            current.part_starts.append(token.start)
            current.end = end
            continue
        elif current is not None and current.foreign and token.start == current.end and form in ("/", "-", "."):
            continue  # maybe inside a name ("CI/CD"); the next Latin token decides by the gap
        elif (
            current is not None
            and current.foreign
            and token.start == current.end
            and (tag == "SN" or (tag == "SW" and form in ("+", "++", "#")))
        ):
            # "EC2", "C++", "C#": the number or sign is part of the name.
            current.parts.append(form)
            current.end = end
            continue
        if current is not None:
            runs.append(current)
        current = None
    if current is not None:
        runs.append(current)
    return runs


@dataclass(frozen=True)
class _Candidate:
    surface: str
    key: str
    tier: int
    position: int
    words: int = 1  # more words, more specific: "데이터베이스 커넥션 풀" before "로그"


def _is_name(surface: str) -> bool:
    """A Latin-script name worth asking about: not a unit, not one letter ("p" of p99) unless it names
    something with its number ("S3", "C++"), not a run-on of several names."""
    letters = [c for c in surface if c.isalpha()]
    if len(surface) > _MAX_FOREIGN_CHARS or surface.lower() in _UNITS:
        return False
    return len(letters) >= 2 or bool(letters and letters[0].isupper() and len(surface) > 1)


def _candidate(text: str, run: _Run) -> _Candidate | None:
    if run.adjectival or run.name_like:
        return None
    start = run.start
    if run.foreign:
        surface = " ".join(text[run.start : run.end].split())
        if not _is_name(surface):
            return None
        tier = 1 if surface.lower() in _GENERIC_FOREIGN else 3
        return _Candidate(surface, surface.lower(), tier, start, len(surface.split()))
    parts = run.parts
    starts = run.part_starts
    if run.named is not None and _is_name(run.named) and len(parts) < _MAX_COMPOUND_PARTS:
        # "Kafka 기반 정산 파이프라인": the name and its Korean head, as specific as a name alone.
        surface = " ".join(text[run.start : run.end].split())
        if all(part in _BOUND_NOUNS for part in parts):
            return None  # "Redis 기반" alone: the head is missing
        tier = 1 if run.named.lower() in _GENERIC_FOREIGN else 3
        return _Candidate(surface, surface.replace(" ", "").lower(), tier, start, len(surface.split()))
    if len(parts) > _MAX_COMPOUND_PARTS:
        # A Korean compound's head is its last noun; the earliest modifiers matter least.
        parts, starts = parts[-_MAX_COMPOUND_PARTS:], starts[-_MAX_COMPOUND_PARTS:]
    while parts and parts[0] in _BOUND_NOUNS:
        # A dependent noun needs what it depends on: "기반 정산 파이프라인" without its "Kafka" is "정산 파이프라인".
        parts, starts = parts[1:], starts[1:]
    if not parts:
        return None
    start = starts[0]
    surface = " ".join(text[start : run.end].split())
    if all(part in _WEAK_NOUNS for part in parts):
        return None
    if len(parts) == 1 and len(parts[0]) < 2:
        return None
    technical = any(part in _TECH_NOUNS for part in parts) or any(
        part.endswith(tuple(_NOUN_SUFFIXES)) and len(part) > 2 for part in parts
    )
    tier = 2 if technical else (1 if len(parts) > 1 else 0)
    return _Candidate(surface, surface.replace(" ", "").lower(), tier, start, len(surface.split()))


def noun_phrases(text: str | None) -> list[str]:
    """Every noun phrase of `text` that could be a topic, in order of appearance, without repeats.

    The same phrases `key_terms` ranks, unranked: what a question is about ("웹 페이지", "피드백").
    """
    if not text or not text.strip():
        return []
    seen: set[str] = set()
    phrases = []
    for run in _noun_runs(text):
        candidate = _candidate(text, run)
        if candidate is not None and candidate.key not in seen:
            seen.add(candidate.key)
            phrases.append(candidate.surface)
    return phrases


def key_terms(text: str | None, limit: int = 3) -> list[str]:
    """The most salient terms of an answer, best first.

    Candidates are Latin-script terms ("Redis", "Spring Boot", "CI/CD") and Korean nouns, consecutive
    nouns joined into one compound ("응답 시간"). Filler words never count and vague words ("문제",
    "프로젝트") only inside a compound. Ranking: specific foreign terms, then Korean technical terms,
    then other compounds and generic acronyms, then plain nouns; within a tier the more frequent term,
    then the longer phrase (more specific), then the earlier one. A term overlapping a better one ("캐시" beside "캐시 서버") is skipped.
    """
    if not text or not text.strip() or limit <= 0:
        return []
    candidates = [c for run in _noun_runs(text) if (c := _candidate(text, run)) is not None]
    counts: dict[str, int] = {}
    first: dict[str, _Candidate] = {}
    for candidate in candidates:
        counts[candidate.key] = counts.get(candidate.key, 0) + 1
        first.setdefault(candidate.key, candidate)
    ranked = sorted(first.values(), key=lambda c: (-c.tier, -counts[c.key], -c.words, c.position))
    chosen: list[_Candidate] = []
    for candidate in ranked:
        if any(candidate.key in other.key or other.key in candidate.key for other in chosen):
            continue
        chosen.append(candidate)
        if len(chosen) == limit:
            break
    return [c.surface for c in chosen]


# --------------------------------------------------------------------------------------------------------------- josa

# Each pair as (after a final consonant, after a vowel). 으로/로 also takes 로 after ㄹ.
_PAIRS: dict[frozenset[str], tuple[str, str]] = {
    frozenset(pair): pair
    for pair in (
        ("을", "를"),
        ("이", "가"),
        ("은", "는"),
        ("과", "와"),
        ("으로", "로"),
        ("이나", "나"),
        ("이라", "라"),
        ("이랑", "랑"),
        ("이에요", "예요"),
        ("아", "야"),
        ("으로서", "로서"),
        ("으로써", "로써"),
    )
}

_JONG = " ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"

# Korean names of Latin letters, read one by one in acronyms: only L, M, N end in a consonant (엘, 엠, 엔).
# Letter names: 엘, 엠, 엔, 알 end in a consonant; every other letter in a vowel (에스, 에이, 엑스).
_LETTER_FINAL = {"l": "ㄹ", "m": "ㅁ", "n": "ㄴ", "r": "ㄹ"}
# A digit read in Korean (일, 삼, 육, 칠, 팔, 영) and, after letters, in English ("S3" 에스쓰리, "EC2" 이씨투).
_DIGIT_KO = {"0": "ㅇ", "1": "ㄹ", "3": "ㅁ", "6": "ㄱ", "7": "ㄹ", "8": "ㄹ"}
_DIGIT_EN = {"1": "ㄴ", "7": "ㄴ", "9": "ㄴ"}
# Round numbers read by their unit: 10 십, 100 백, 1000 천, 10^4 만, 10^8 억, 10^12 조.
_ZEROS_FINAL = {1: "ㅂ", 2: "ㄱ", 3: "ㄴ", 4: "ㄴ", 5: "ㄴ", 6: "ㄴ", 7: "ㄴ", 8: "ㄱ", 9: "ㄱ", 10: "ㄱ", 11: "ㄱ"}
# Endings English loanwords break the rules with, checked on the lower-cased word.
_LATIN_EXCEPTIONS = {"hub": None, "web": "ㅂ", "hadoop": "ㅂ", "book": "ㄱ", "hook": "ㄱ", "look": "ㄱ"}
_VOWELS = "aeiou"


def _latin_final(word: str) -> str | None:
    """The final consonant of a Latin-script word as Koreans read it, approximately.

    - Acronyms (ending in two capitals: "API", "SQL", "GraphQL", "iOS") are read letter by letter,
      so only L/M/N/R leave a batchim ("SQL을", "SSR과", "API를").
    - Words follow loanword spelling: -ng → ㅇ ("Spring을"), -m → ㅁ, -n → ㄴ, -l/-le → ㄹ
      ("Kotlin을", "Google을"), a silent -e is skipped ("Chrome을", "Node를"); p/t/k after a single
      short vowel close the syllable ("Git을", "Slack을", "Bootstrap을"); every other ending is read
      with a vowel (-s 스, -t 트 after a cluster, -r 어, -x 스, -ck aside): "Redis를", "React를",
      "Docker를", "Kafka를".
    """
    lower = word.lower()
    for suffix, final in _LATIN_EXCEPTIONS.items():
        if lower.endswith(suffix):
            return final
    if len(word) == 1 or (len(word) >= 2 and word[-1].isupper() and word[-2].isupper()):
        return _LETTER_FINAL.get(lower[-1])
    if lower.endswith("ng"):
        return "ㅇ"
    if lower.endswith("le") and len(lower) > 2 and lower[-3] not in _VOWELS:
        return "ㄹ"
    if lower.endswith("e") and len(lower) > 2 and lower[-2] not in _VOWELS:
        lower = lower[:-1]  # silent e: "Chrome" 크롬, "Pipeline" 파이프라인
        if lower[-1] in "mnl":
            return {"m": "ㅁ", "n": "ㄴ", "l": "ㄹ"}[lower[-1]]
        return None
    last = lower[-1]
    if last in "mnl":
        return {"m": "ㅁ", "n": "ㄴ", "l": "ㄹ"}[last]
    if last in "ptkb":
        if lower.endswith("ck"):
            return "ㄱ"
        before = lower[-2] if len(lower) >= 2 else ""
        earlier = lower[-3] if len(lower) >= 3 else ""
        # A single short vowel before the stop: "Git" 깃, "App" 앱; not after a long vowel or a cluster.
        if (before in _VOWELS and earlier not in _VOWELS) or (before == last and last == "p"):
            return {"p": "ㅂ", "b": "ㅂ", "t": "ㅅ", "k": "ㄱ"}[last]
    return None


def _number_final(digits: str, after_letters: bool) -> str | None:
    if after_letters and len(digits) == 1:
        return _DIGIT_EN.get(digits)
    stripped = digits.rstrip("0")
    zeros = len(digits) - len(stripped)
    if zeros and stripped:
        return _ZEROS_FINAL.get(zeros)
    if not stripped:
        return "ㅇ"  # "0" 영
    return _DIGIT_KO.get(stripped[-1])


def final_consonant(word: str) -> str | None:
    """The batchim (as a compatibility jamo) the word ends with when read aloud, or None after a vowel."""
    word = word.strip()
    word = re.sub(r"\s*[(\[{][^)\]}]*[)\]}]$", "", word)  # "캐시(Cache)" reads as 캐시
    word = word.rstrip(" \"'’”」』.,!?~")
    if not word:
        return None
    last = word[-1]
    if "가" <= last <= "힣":
        jong = (ord(last) - ord("가")) % 28
        return _JONG[jong] if jong else None
    if last.isdigit():
        digits = re.search(r"\d+$", word)
        assert digits is not None
        before = word[: digits.start()]
        return _number_final(
            digits.group(), after_letters=bool(before) and before[-1].isascii() and before[-1].isalpha()
        )
    if word.endswith("#"):
        return "ㅂ"  # 샵
    if word.endswith("%") or word.endswith("+"):
        return None  # 퍼센트, 플러스
    latin = re.search(r"[A-Za-z]+$", word)
    if latin:
        return _latin_final(latin.group())
    return None


def josa(word: str, pair: str) -> str:
    """`word` followed by the form of `pair` (e.g. "을/를", "으로/로") that fits its final sound.

    Latin words and numbers are judged by their usual Korean reading (see `_latin_final`):
    josa("Redis", "을/를") == "Redis를", josa("Spring", "을/를") == "Spring을",
    josa("서울", "으로/로") == "서울로" (ㄹ takes 로), josa("3", "이/가") == "3이".
    """
    forms = tuple(part.strip() for part in pair.split("/"))
    key = frozenset(forms)
    if key not in _PAIRS:
        raise ValueError(f"unknown particle pair: {pair!r}")
    with_final, without_final = _PAIRS[key]
    final = final_consonant(word)
    if final is None or (final == "ㄹ" and with_final.startswith("으로")):
        return word + without_final
    return word + with_final


# ------------------------------------------------------------------------------------------------------- STAR signals

_SITUATION = re.compile(
    r"당시|상황|배경|발생|장애가|문제가|이슈가|요청이|했을 때|던 때|였을 때|할 때|에서 일|프로젝트에서|서비스에서|회사에서"
)
_TASK = re.compile(r"목표|과제|맡|담당|역할|책임|요구|해야 했|해야 하는|미션|마감|기한|필요했")
_RESULT = re.compile(
    r"결과|덕분|효과|줄었|줄였|줄어|줄일|늘었|늘렸|늘어|높아|높였|낮아|낮췄|빨라|개선됐|개선되었|개선했|개선할 수|향상|감소|증가|단축|절감|달성|성공|해결됐|해결되|해결했|해결할 수|안정화|반영됐|반영되었|좋아졌|사라졌|없어졌|올랐|올렸|떨어졌"
)
_METRIC = re.compile(
    r"\d[\d,.]*\s*(%|퍼센트|배|ms|밀리초|초|분|시간|일|주|개월|건|원|만|천|억|점|위|포인트|%p|tps|qps|rps|mb|gb|kb|tb|명)"
    r"|\bp\d{2,3}\b|(두|세|네|다섯|열|몇|수십|수백|수천)\s*배|절반|반으로|[\d]+\s*분의\s*[\d]+",
    re.IGNORECASE,
)
_REASON = re.compile(
    r"때문|이유|위해|위하여|고려|비교|대안|대신|장점|단점|장단점|판단|근거|트레이드오프|trade-?off|므로|니까|기에|덕에|라서|해서 선택|선택한|선택했",
    re.IGNORECASE,
)
_PERSONAL_WORDS = ("직접", "주도", "혼자", "제가", "저는", "제 역할", "맡아", "맡았", "맡은")
_FIRST_PERSON = frozenset({"저", "제", "나", "내"})


def _personal_action(text: str, tokens: Sequence[Token]) -> bool:
    personal = any(word in text for word in _PERSONAL_WORDS) or any(
        t.tag == "NP" and t.form in _FIRST_PERSON for t in tokens
    )
    # "저는 백엔드 개발자입니다" is first person without a deed; a verb of doing must come with it.
    acted = any(t.tag in ("VV", "XSV") for t in tokens)
    return personal and acted


def star_signals(text: str | None) -> dict[str, bool]:
    """Which parts of a STAR story the answer tells, as the planner's follow-ups need them.

    Keys: situation, task, action (what the candidate personally did, not "저희 팀이"), result,
    metric (a measured outcome: a number with a unit, "%", "두 배", "절반", p99…), reason (why a
    choice was made: 때문, 위해, 대안, 비교…). Marker lists, not a classifier: a hint for choosing
    what to ask next, not a score.
    """
    if not text or not text.strip():
        return dict.fromkeys(("situation", "task", "action", "result", "metric", "reason"), False)
    tokens = _tokens(text)
    comparison = any(t.tag == "JKB" and t.form == "보다" for t in tokens)
    return {
        "situation": bool(_SITUATION.search(text)),
        "task": bool(_TASK.search(text)),
        "action": _personal_action(text, tokens),
        "result": bool(_RESULT.search(text)),
        "metric": bool(_METRIC.search(text)),
        "reason": bool(_REASON.search(text)) or comparison,
    }
