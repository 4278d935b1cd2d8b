"""The offline question planner: the next interview question without a language model.

It follows what a thoughtful interviewer does:
1. opens with who the candidate is and why this position;
2. when an answer has substance, digs into it once: names a term the candidate used and asks for
   what the answer left out (the measured result, their own part, the reasons, the trade-offs);
3. otherwise moves to a competency of the position family not yet covered;
4. closes with a forward-looking question.
No question repeats or nearly repeats one already asked in the session. Choices among equally good
phrasings depend on the session's content: the same interview gets the same question, different
interviews read differently.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from ai_worker.questions.context import PlannedQuestion, QuestionContext, QuestionKind
from ai_worker.questions.extract import cached_similarity, extract_question, hangul_share
from ai_worker.questions.fallback import fallback_question
from ai_worker.questions.grounding import (
    GROUNDED_TEMPLATES,
    RETRIEVED,
    ResumePassageRef,
    grounded_question,
    max_grounded,
    passage_name,
)
from ai_worker.questions.korean import josa, key_terms, star_signals
from ai_worker.questions.posting import closest_requirements, competency_query
from interview_common.positions.bank import CLOSING_QUESTIONS, FAMILY_LABEL, OPENERS, BankQuestion, bank_for
from interview_common.positions.families import Family

SOURCE = "local"

# An answer worth digging into: at least a full sentence of content (30 characters without spaces is
# about one short Korean sentence) and at least one term to name.
MIN_SUBSTANTIVE_CHARS = 30
# Non-answers are not followed up even when padded ("죄송하지만 잘 모르겠습니다, 다음 질문 부탁드립니다").
_NON_ANSWER = re.compile(r"모르겠|모릅니다|잘 모르|기억이 (?:잘 )?안|기억나지 않|경험이 없|해 본 적이 없|패스|넘어가")
_NON_ANSWER_MAX_CHARS = 80
# An asked question at least this close to a bank question covers that question's competency: the
# hashing embedding scores paraphrases about 0.6 (see extract.NEAR_REPEAT_THRESHOLD for the scale).
COVERAGE_THRESHOLD = 0.6
# How many of the not-yet-covered competencies, in bank order, the session's seed picks among: the
# family's core abilities come first, while two sessions of the same position still differ.
_COMPETENCY_WINDOW = 2


class FollowUpType(StrEnum):
    RESULT = "result"  # no measured outcome: what changed, by how much
    OWN_ROLE = "own_role"  # "we" without "I": what the candidate personally did
    REASONING = "reasoning"  # no why: the reasons and the alternatives weighed
    DEPTH = "depth"  # a complete story: trade-offs, hindsight, scale


# "{term|을/를}" is the term with the particle that fits it; "{term}" the bare term.
FOLLOW_UP_TEMPLATES: dict[FollowUpType, tuple[str, ...]] = {
    # Each phrasing must read well whether the term is a tool ("Redis"), a problem ("N+1") or a piece
    # of work ("결제 시스템"), and after a self-introduction as well as after a story.
    FollowUpType.RESULT: (
        "말씀하신 {term|과/와} 관련해 실제로 어떤 결과가 나왔는지, 전후를 비교할 수 있는 수치나 지표로 설명해 주시겠어요?",
        "{term} 이야기를 해 주셨는데, 그 성과는 어떤 지표로 확인하셨고 수치로는 얼마나 달라졌나요?",
        "방금 언급하신 {term} 경험에서 가장 내세울 만한 성과를 측정 가능한 숫자로 말씀해 주실 수 있을까요?",
    ),
    FollowUpType.OWN_ROLE: (
        "말씀하신 {term|과/와} 관련된 일에서 팀이 아니라 지원자님이 직접 맡은 역할과 내린 결정은 무엇이었나요?",
        "{term} 이야기에서 본인이 주도적으로 판단하거나 실행한 부분은 어디까지였는지 구체적으로 설명해 주시겠어요?",
        "방금 말씀하신 {term} 작업에서 지원자님 개인의 기여가 가장 컸던 부분은 무엇이었나요?",
    ),
    FollowUpType.REASONING: (
        "말씀하신 {term|과/와} 관련해 그 방법을 택하신 이유는 무엇이었고, 함께 검토했던 다른 대안과 비교해 어떤 점이 더 나았나요?",
        "{term} 이야기에서 그렇게 결정하신 근거가 궁금한데, 어떤 선택지들을 비교하셨고 무엇을 기준으로 고르셨나요?",
        "방금 언급하신 {term|을/를} 다룰 때 다른 접근도 가능했을 텐데, 지금의 방식을 고른 이유와 포기한 대안을 말씀해 주시겠어요?",
    ),
    FollowUpType.DEPTH: (
        "말씀하신 {term|과/와} 관련해 그 방식으로 얻은 것과 감수해야 했던 것은 무엇이었고, 다시 한다면 무엇을 다르게 하시겠어요?",
        "지금보다 규모가 열 배 커진다면 {term|과/와} 관련된 지금의 방식에서 가장 먼저 한계가 드러날 부분은 어디라고 보시나요?",
        "돌이켜 보면 {term|과/와} 관련해 아쉬웠던 점은 무엇이고, 그 경험이 이후 일하는 방식을 어떻게 바꿨나요?",
    ),
}

_PLACEHOLDER = re.compile(r"\{term(?:\|([^}]+))?\}")
# Every follow-up refers back to the answer with one of these; finding one marks a question as a follow-up.
_FOLLOW_UP_MARKERS = re.compile(r"^(?:말씀하신|방금|돌이켜 보면|앞서 말씀하신)|^.{1,40}? 이야기(?:를 해 주셨는데|에서)")
_MAX_POSITION_CHARS = 30
# Head nouns of a compound that names something the candidate built or ran.
_WORK_HEADS = (
    "시스템",
    "서비스",
    "기능",
    "앱",
    "웹",
    "모델",
    "화면",
    "페이지",
    "플랫폼",
    "파이프라인",
    "프로세스",
    "흐름",
    "모듈",
    "클러스터",
    "인프라",
    "프로젝트",
    "체계",
    "업무",
    "제품",
    "사이트",
    "엔진",
    "서버",
    "솔루션",
    "대시보드",
    "보고서",
    "리포트",
)
# Terms of the previous answer a follow-up may name, best first; later ones when earlier phrasings repeat.
_TERMS_CONSIDERED = 8


def render_follow_up(template: str, term: str) -> str:
    return _PLACEHOLDER.sub(lambda m: josa(term, m.group(1)) if m.group(1) else term, template)


def _template_pattern(template: str) -> re.Pattern[str]:
    parts = _PLACEHOLDER.split(template)
    # split() interleaves the captured particle pair; literal text sits at even indices.
    literal = [re.escape(part) for part in parts[::2]]
    return re.compile("^" + ".+?".join(literal) + "$")


_TEMPLATE_PATTERNS = tuple(_template_pattern(t) for templates in FOLLOW_UP_TEMPLATES.values() for t in templates)


def is_follow_up(question: str) -> bool:
    """Whether `question` digs into the previous answer (one of ours, or one phrased like ours)."""
    text = " ".join(question.split())
    return any(p.match(text) for p in _TEMPLATE_PATTERNS) or bool(_FOLLOW_UP_MARKERS.search(text))


def is_substantive(answer: str | None) -> bool:
    """Whether an answer gives an interviewer something to ask about."""
    if not answer:
        return False
    compact = "".join(answer.split())
    if len(compact) < MIN_SUBSTANTIVE_CHARS:
        return False
    if len(compact) <= _NON_ANSWER_MAX_CHARS and _NON_ANSWER.search(answer):
        return False
    return bool(key_terms(answer, limit=1))


def follow_up_types(answer: str) -> list[FollowUpType]:
    """What the answer lacks, most important first; a complete story is probed for depth."""
    signals = star_signals(answer)
    missing: list[FollowUpType] = []
    if not signals["metric"]:
        missing.append(FollowUpType.RESULT)
    if not signals["action"]:
        missing.append(FollowUpType.OWN_ROLE)
    if not signals["reason"]:
        missing.append(FollowUpType.REASONING)
    missing.append(FollowUpType.DEPTH)
    return missing


def _seed(ctx: QuestionContext, salt: str) -> int:
    # Python's hash() changes per process; the same session must get the same question after a restart.
    material = "\x1f".join(
        [salt, ctx.position, str(ctx.order), *(f"{qa.question}\x1e{qa.answer or ''}" for qa in ctx.history)]
    )
    return int.from_bytes(hashlib.blake2b(material.encode(), digest_size=8).digest(), "big")


def _rotated(items: Sequence[str], seed: int) -> list[str]:
    if not items:
        return []
    start = seed % len(items)
    return [*items[start:], *items[:start]]


def _usable(text: str, asked: list[str]) -> bool:
    # The very check the question service applies: an accepted plan is never replaced by a fallback.
    return extract_question(text, asked) == text


@dataclass(frozen=True)
class _Choice:
    text: str
    kind: QuestionKind
    key_terms: tuple[str, ...] = ()
    competency: str | None = None
    passage: ResumePassageRef | None = None


def _position_label(ctx: QuestionContext) -> str:
    position = " ".join(ctx.position.replace("{", "").replace("}", "").split()).strip(" \"'“”")
    position = re.sub(r"\s*(?:직무|포지션)$", "", position)
    if not position or len(position) > _MAX_POSITION_CHARS:
        return FAMILY_LABEL[ctx.family]
    return position


def _openers(ctx: QuestionContext) -> Iterator[_Choice]:
    template = OPENERS[ctx.family]
    for label in (_position_label(ctx), FAMILY_LABEL[ctx.family]):
        text = template.format(position=label)
        # A long English title could drown the Korean; the family's Korean name always reads well.
        if hangul_share(text) >= 0.75:
            yield _Choice(text, QuestionKind.OPENER)


def _closings(ctx: QuestionContext) -> Iterator[_Choice]:
    for text in _rotated(CLOSING_QUESTIONS, _seed(ctx, "closing")):
        yield _Choice(text, QuestionKind.CLOSING)


def _is_work_item(term: str) -> bool:
    """A named piece of work ("결제 시스템", "거래 탐지 모델"): a Korean compound headed by a product noun."""
    words = term.split()
    return len(words) > 1 and hangul_share(term) > 0.5 and words[-1].endswith(_WORK_HEADS)


def _follow_ups(ctx: QuestionContext) -> Iterator[_Choice]:
    previous = ctx.history[-1] if ctx.history else None
    if previous is None or is_follow_up(previous.question) or not is_substantive(previous.answer):
        return
    answer = previous.answer or ""
    terms = key_terms(answer, limit=_TERMS_CONSIDERED)
    asked_text = " ".join(ctx.asked).lower()
    position_words = set(ctx.position.lower().split())
    after_opener = previous.order == 1

    def stale(term: str) -> bool:
        # A term the question or the job title put in the candidate's mouth says nothing new about them.
        return term.lower() in asked_text or bool(position_words & set(term.lower().split()))

    def anchor(term: str) -> tuple[bool, int]:
        # After a self-introduction the most specific piece of work named ("배송 추적 시스템") is a better
        # anchor than a tool from the skills list ("Spring") or the employer ("여행 플랫폼").
        if after_opener and _is_work_item(term):
            return False, -len(term.split())
        return after_opener, 0

    terms.sort(key=lambda term: (stale(term), *anchor(term)))
    seed = _seed(ctx, "follow_up")
    for kind in follow_up_types(answer):
        for term in terms:
            for template in _rotated(FOLLOW_UP_TEMPLATES[kind], seed):
                yield _Choice(render_follow_up(template, term), QuestionKind.FOLLOW_UP, (term,))


def _covered_competencies(ctx: QuestionContext, bank: Sequence[BankQuestion]) -> set[str]:
    # Stored competencies first (a grounded question reads like no bank question), then resemblance.
    covered = {qa.competency for qa in ctx.history if qa.competency}
    for question in ctx.asked:
        for entry in bank:
            if entry.text == question or cached_similarity(entry.text, question) >= COVERAGE_THRESHOLD:
                covered.add(entry.competency)
    return covered


def _competency_order(bank: Sequence[BankQuestion], covered: set[str], seed: int) -> list[str]:
    competencies = list(dict.fromkeys(q.competency for q in bank))
    fresh = [c for c in competencies if c not in covered]
    if fresh:
        # Start within the first few fresh competencies, then keep the bank's order.
        window = min(_COMPETENCY_WINDOW, len(fresh))
        first = fresh.pop(seed % window)
        fresh.insert(0, first)
    return fresh + [c for c in competencies if c in covered]


def _grounded(ctx: QuestionContext, competency: str) -> Iterator[_Choice]:
    """Questions about the candidate's own work on the résumé, from the passages closest to `competency`."""
    if ctx.resume is None or sum(qa.passage_id is not None for qa in ctx.history) >= max_grounded(ctx.total):
        return
    cited = {qa.passage_id for qa in ctx.history if qa.passage_id is not None}
    query = competency_query(ctx.family, competency)
    seed = _seed(ctx, "grounded")
    # Of the closest passages, projects first: a project has a name of its own, an employment entry a term.
    retrieved = sorted(ctx.resume.closest(query, RETRIEVED), key=lambda p: p.section != "projects")
    for passage in retrieved:
        name = passage_name(passage)
        if passage.id in cited or name is None:
            continue
        for template in _rotated(GROUNDED_TEMPLATES, seed):
            text = grounded_question(template, name=name, section=passage.section, label=competency)
            yield _Choice(text, QuestionKind.COMPETENCY, competency=competency, passage=passage)


def posting_focus(ctx: QuestionContext, competency: str) -> list[str]:
    """The requirements of the job posting that are about `competency`, closest first."""
    return closest_requirements(ctx.job_description, competency_query(ctx.family, competency))


def _job_competencies(ctx: QuestionContext) -> Iterator[_Choice]:
    """A job's competencies in the recruiter's order; of each, first the bank question closest to what the
    posting asks of that competency (its closest requirements; else the posting's key terms)."""
    bank = bank_for(ctx.family)
    covered = _covered_competencies(ctx, bank)
    seed = _seed(ctx, "competency")
    ordered = [c for c in ctx.competencies if c not in covered] + [c for c in ctx.competencies if c in covered]
    for competency in ordered:
        yield from _grounded(ctx, competency)
        texts = _rotated([q.text for q in bank if q.competency == competency], seed)
        posting = " ".join(posting_focus(ctx, competency)) or " ".join(ctx.job_terms)
        if posting:
            texts.sort(key=lambda text: -cached_similarity(text, posting))
        for text in texts:
            yield _Choice(text, QuestionKind.COMPETENCY, competency=competency)


def _competencies(ctx: QuestionContext) -> Iterator[_Choice]:
    if ctx.competencies:
        yield from _job_competencies(ctx)
    families = [ctx.family] if ctx.family is Family.GENERAL else [ctx.family, Family.GENERAL]
    seed = _seed(ctx, "competency")
    for family in families:
        bank = bank_for(family)
        covered = _covered_competencies(ctx, bank)
        for competency in _competency_order(bank, covered, seed):
            yield from _grounded(ctx, competency)
            texts = [q.text for q in bank if q.competency == competency]
            for text in _rotated(texts, seed):
                yield _Choice(text, QuestionKind.COMPETENCY, competency=competency)


def _uncovered_job_competencies(ctx: QuestionContext) -> int:
    covered = _covered_competencies(ctx, bank_for(ctx.family))
    return sum(c not in covered for c in ctx.competencies)


def _candidates(ctx: QuestionContext) -> Iterator[_Choice]:
    slots_left = ctx.total - ctx.order + 1  # this one included
    if ctx.order <= 1:
        yield from _openers(ctx)
    elif ctx.competencies and _uncovered_job_competencies(ctx) >= slots_left:
        # A job's competencies come before follow-ups and the closing when the slots run short.
        yield from _job_competencies(ctx)
    elif ctx.total >= 3 and ctx.order >= ctx.total:
        yield from _closings(ctx)
    else:
        yield from _follow_ups(ctx)
    # Whatever the slot, a fresh competency question is the graceful way on.
    yield from _competencies(ctx)
    yield from _closings(ctx)


def plan_next_question(ctx: QuestionContext) -> PlannedQuestion:
    """Question number `ctx.order` of `ctx.total`, chosen from the session so far (source "local")."""
    asked = ctx.asked
    for choice in _candidates(ctx):
        if _usable(choice.text, asked):
            return PlannedQuestion(
                text=choice.text,
                kind=choice.kind,
                source=SOURCE,
                key_terms=choice.key_terms,
                competency=choice.competency,
                passage_id=choice.passage.id if choice.passage else None,
            )
    # Only a session that already asked every planned question gets here.
    return PlannedQuestion(text=fallback_question(ctx.family, asked), kind=QuestionKind.FALLBACK, source="fallback")


def next_competency(ctx: QuestionContext) -> str | None:
    """The job competency the local planner would cover next (None for the opener and the closing, or
    when the interview is not for a job with competencies)."""
    if not ctx.competencies or ctx.order <= 1 or ctx.order >= ctx.total:
        return None
    covered = _covered_competencies(ctx, bank_for(ctx.family))
    return next((c for c in ctx.competencies if c not in covered), None)


def grounding_hint(ctx: QuestionContext) -> tuple[str, ResumePassageRef] | None:
    """For a language model: the competency and résumé passage the local planner would ask about next
    (None for the opener, the closing, without a résumé, or once enough questions cite it)."""
    if ctx.resume is None or ctx.order <= 1 or ctx.order >= ctx.total:
        return None
    for choice in _competencies(ctx):
        if choice.passage is not None and choice.competency and _usable(choice.text, ctx.asked):
            return choice.competency, choice.passage
    return None
