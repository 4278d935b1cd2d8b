"""The session report: every asked question's evaluation folded into what a recruiter reads.

Scoring rules (all deterministic, so the same session always gives the same report):

- overall_score is the mean over every *asked* question, an unanswered one counting 0: skipping
  hard questions must not raise the score. The recommendation reason says so when it applies.
- rubric is the mean of each dimension over the *answered* questions only (as SessionReport
  documents): it describes how the candidate answers, and the skipped questions already weigh
  on overall_score.
- An answer that arrived without an evaluation (its evaluation task was lost) is scored with
  the local rubric here rather than silently counted as unanswered.
- recommendation: overall_score >= 80 strong_hire, >= 65 hire, >= 45 hold, else no_hire. With
  the local rubric's weights, 80+ needs answers that are on topic, evidenced with actions,
  results and numbers, and reasoned; 65+ is a solid STAR answer missing one of those; 45–64 is
  relevant but thin (worth a human look); below 45 is mostly vague, off-topic or missing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ai_worker.evaluation.rubric import PLACEHOLDER_STRENGTHS, evaluate_locally
from interview_common.results import Evaluation, Recommendation, ReportItem, RubricScores, SessionReport

THRESHOLDS: tuple[tuple[int, Recommendation], ...] = (
    (80, Recommendation.STRONG_HIRE),
    (65, Recommendation.HIRE),
    (45, Recommendation.HOLD),
)
MAX_FEEDBACK = 5
DIMENSIONS = ("relevance", "specificity", "clarity", "depth")  # also the tie-break order

DIMENSION_NAMES = {"relevance": "질문 적합성", "specificity": "구체성·근거", "clarity": "명확성", "depth": "깊이"}
RECOMMENDATION_NAMES = {
    Recommendation.STRONG_HIRE: "적극 채용 추천",
    Recommendation.HIRE: "채용 추천",
    Recommendation.HOLD: "보류(추가 검토)",
    Recommendation.NO_HIRE: "채용 비추천",
}
_THRESHOLD_TEXT = {
    Recommendation.STRONG_HIRE: "80점 이상",
    Recommendation.HIRE: "65점 이상 80점 미만",
    Recommendation.HOLD: "45점 이상 65점 미만",
    Recommendation.NO_HIRE: "45점 미만",
}

Item = tuple[int, str, str | None, Evaluation | None]


def _round(value: float) -> int:
    # Half up, not Python's half-to-even: 64.5 must not become 64 on one session and 65 on another.
    return int(value + 0.5)


def recommendation_for(score: int) -> Recommendation:
    for threshold, recommendation in THRESHOLDS:
        if score >= threshold:
            return recommendation
    return Recommendation.NO_HIRE


# --- feedback aggregation --------------------------------------------------------------------

_QUOTED = re.compile(r"\(([^()]*)\)")


def _template(sentence: str) -> str:
    """What makes two feedback sentences 'the same point': the text with its quoted details removed."""
    return re.sub(r"\s+", " ", _QUOTED.sub("()", sentence)).strip(" .")


@dataclass
class _Point:
    template: str
    first: str
    details: list[str]
    count: int
    weight: float  # see _aggregate
    first_seen: tuple[int, int]

    def text(self) -> str:
        sentence = self.first
        # One detail slot, e.g. "구체적인 수치(40%)로 …": show the details from every answer.
        if len(self.details) > 1 and len(_QUOTED.findall(self.first)) == 1:
            words = [word.strip() for detail in self.details for word in detail.split(",")]
            merged = ", ".join(list(dict.fromkeys(w for w in words if w))[:4])
            sentence = _QUOTED.sub(lambda _: f"({merged})", self.first, count=1)
        return f"{sentence} (답변 {self.count}개)" if self.count > 1 else sentence


def _aggregate(
    lists: Sequence[Sequence[str]], importance: Sequence[float], drop: frozenset[str] = frozenset()
) -> list[str]:
    """Deduplicated points, most important first (then most frequent, then earliest); at most MAX_FEEDBACK.

    A point's importance is an importance-weighted frequency: the sum, over the answers that
    raised it, of importance[answer] / (1 + its position in that answer's list). Each evaluation
    lists its most important point first, and the caller weighs answers (a weak answer's
    improvements matter more than a strong answer's polish), so a point raised by several answers
    rises, but a minor tip repeated twice does not bury a serious problem raised once.
    """
    points: dict[str, _Point] = {}
    for answer_index, (sentences, answer_weight) in enumerate(zip(lists, importance, strict=True)):
        seen_here: set[str] = set()
        for position, sentence in enumerate(sentences):
            sentence = sentence.strip()
            key = _template(sentence)
            if not sentence or key in seen_here:
                continue
            seen_here.add(key)
            details = _QUOTED.findall(sentence)[:1]
            point = points.get(key)
            weight = answer_weight / (1 + position)
            if point is None:
                points[key] = _Point(key, sentence, details, 1, weight, (answer_index, position))
            else:
                point.count += 1
                point.weight += weight
                point.details.extend(details)
    ranked = sorted(points.values(), key=lambda p: (-round(p.weight, 9), -p.count, p.first_seen))
    real = [p for p in ranked if p.first not in drop]
    return [p.text() for p in (real or ranked)][:MAX_FEEDBACK]


# --- the report ------------------------------------------------------------------------------


def _mean_rubric(evaluations: Sequence[Evaluation]) -> RubricScores:
    n = len(evaluations)
    return RubricScores(**{dim: _round(sum(getattr(e.rubric, dim) for e in evaluations) / n) for dim in DIMENSIONS})


def _reason(
    overall: int,
    recommendation: Recommendation,
    rubric: RubricScores,
    asked: int,
    unanswered_orders: list[int],
    scored: list[tuple[int, int]],
) -> str:
    values = {dim: getattr(rubric, dim) for dim in DIMENSIONS}
    strongest = max(DIMENSIONS, key=lambda d: (values[d], -DIMENSIONS.index(d)))
    weakest = min(DIMENSIONS, key=lambda d: (values[d], DIMENSIONS.index(d)))
    parts = [
        f"종합 {overall}점으로 ‘{RECOMMENDATION_NAMES[recommendation]}’ 기준({_THRESHOLD_TEXT[recommendation]})에 해당합니다."
    ]
    if values[strongest] == values[weakest]:
        parts.append(f"네 평가 항목이 모두 {values[strongest]}점으로 같습니다.")
    else:
        parts.append(
            f"가장 강한 항목은 {DIMENSION_NAMES[strongest]}({values[strongest]}점), "
            f"가장 약한 항목은 {DIMENSION_NAMES[weakest]}({values[weakest]}점)입니다."
        )
    if len(scored) > 1:
        low_order, low_score = min(scored, key=lambda item: (item[1], item[0]))
        high_score = max(score for _, score in scored)
        parts.append(f"답변 점수는 {low_score}~{high_score}점이며, 가장 낮은 점수는 {low_order}번 질문의 답변입니다.")
    if unanswered_orders:
        numbers = ", ".join(f"{order}번" for order in unanswered_orders)
        parts.append(
            f"질문 {asked}개 중 {asked - len(unanswered_orders)}개에 답했으며, 답하지 않은 질문({numbers})은 "
            "건너뛴 것이 점수에 유리하지 않도록 0점으로 계산해 종합 점수에 반영했습니다."
        )
    return " ".join(parts)


def build_report(position: str, items: Sequence[Item]) -> SessionReport:
    """The report for one session; items are (order, question, answer, evaluation) for every asked question.

    Raises ValueError("no answered questions") when nothing was answered: the caller records a
    failed report with that reason instead.
    """
    report_items: list[ReportItem] = []
    evaluations: list[Evaluation] = []
    scored: list[tuple[int, int]] = []
    unanswered: list[int] = []
    for order, question, answer, evaluation in sorted(items, key=lambda item: item[0]):
        if evaluation is None and answer is not None and answer.strip():
            evaluation = evaluate_locally(question, answer, position)
        if evaluation is None:
            unanswered.append(order)
        else:
            evaluations.append(evaluation)
            scored.append((order, evaluation.score))
        report_items.append(
            ReportItem(
                order=order,
                question=question,
                answer=answer,
                score=evaluation.score if evaluation else None,
                summary=evaluation.summary if evaluation else None,
            )
        )
    if not evaluations:
        raise ValueError("no answered questions")

    asked = len(report_items)
    overall = _round(sum(e.score for e in evaluations) / asked)
    rubric = _mean_rubric(evaluations)
    recommendation = recommendation_for(overall)

    # Strengths of strong answers and the improvements of weak ones are what a recruiter needs first.
    improvements = _aggregate([e.improvements for e in evaluations], [1.01 - e.score / 100 for e in evaluations])
    if unanswered:
        numbers = ", ".join(f"{order}번" for order in unanswered)
        skipped = f"답하지 않은 질문이 {len(unanswered)}개 있습니다({numbers}). 모르는 질문도 아는 범위에서 접근 방법을 설명해 보세요."
        improvements = [skipped, *improvements][:MAX_FEEDBACK]

    return SessionReport(
        overall_score=overall,
        rubric=rubric,
        items=report_items,
        strengths=_aggregate(
            [e.strengths for e in evaluations], [0.01 + e.score / 100 for e in evaluations], drop=PLACEHOLDER_STRENGTHS
        ),
        improvements=improvements,
        recommendation=recommendation,
        recommendation_reason=_reason(overall, recommendation, rubric, asked, unanswered, scored),
        answered=len(evaluations),
        asked=asked,
    )
