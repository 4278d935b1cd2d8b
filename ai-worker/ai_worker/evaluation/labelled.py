"""The labelled Korean evaluation set (`ai-worker/evaluation-set/answers.json`) and the figures it yields.

Sixteen questions of the bank, two per position family, each with answers written at four honest levels
(strong: situation, own action, measured result; adequate; vague; off-topic) and adversarial ones
(a keyword salad, an echo of the question, a strong answer to the other question of the same family)
plus non-answers. `measure(score)` runs any scorer over it — the local rubric, an LLM backend — and
reports what an evaluator must get right: the order of the honest levels, the gaps between them, and
where the adversarial answers land relative to the strong one. The tests pin minimum figures for the
local rubric; `bench/evaluation.py` prints them for every backend.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations, pairwise
from pathlib import Path
from typing import Any

SET_PATH = Path(__file__).resolve().parents[2] / "evaluation-set" / "answers.json"
HELD_OUT_PATH = SET_PATH.with_name("held-out.json")
TIERS = ("strong", "adequate", "vague", "off_topic")
ADVERSARIAL = ("keyword_salad", "echo", "other_question")

Scorer = Callable[[str, str, str], int]  # (question, answer, position) -> score 0..100


@dataclass(frozen=True)
class Item:
    id: str
    family: str
    position: str
    question: str
    answers: dict[str, str]  # tier or adversarial kind -> answer
    non_answers: tuple[str, ...]


def load(path: Path = SET_PATH) -> list[Item]:
    data = json.loads(path.read_text(encoding="utf-8"))
    items = [
        Item(
            id=raw["id"],
            family=raw["family"],
            position=raw["position"],
            question=raw["question"],
            answers={k: v for k, v in raw["answers"].items() if k != "non_answers"},
            non_answers=tuple(raw["answers"]["non_answers"]),
        )
        for raw in data["items"]
    ]
    # A good answer to another question: the strong answer of the other item of the same family.
    by_family: dict[str, list[Item]] = {}
    for item in items:
        by_family.setdefault(item.family, []).append(item)
    for item in items:
        others = [o for o in by_family[item.family] if o.id != item.id]
        if others:
            item.answers["other_question"] = others[0].answers["strong"]
    return items


@dataclass
class Figures:
    scores: dict[str, dict[str, list[int]]] = field(default_factory=dict)  # item -> kind -> scores
    pairs: int = 0
    pairs_right: int = 0
    misordered: list[str] = field(default_factory=list)
    adversarial_ratios: dict[str, list[float]] = field(default_factory=dict)  # kind -> score / strong score

    @property
    def pairwise_accuracy(self) -> float:
        return self.pairs_right / self.pairs if self.pairs else 0.0

    def tier_scores(self, tier: str) -> list[int]:
        return [s for kinds in self.scores.values() for s in kinds.get(tier, [])]

    def mean(self, tier: str) -> float:
        values = self.tier_scores(tier)
        return statistics.fmean(values) if values else 0.0

    def below_half_share(self, kind: str) -> float:
        ratios = self.adversarial_ratios.get(kind, [])
        return sum(r < 0.5 for r in ratios) / len(ratios) if ratios else 0.0

    def summary(self) -> dict[str, Any]:
        means = {tier: round(self.mean(tier), 1) for tier in (*TIERS, *ADVERSARIAL, "non_answer")}
        return {
            "pairwise_accuracy": round(self.pairwise_accuracy, 3),
            "pairs": self.pairs,
            "misordered": self.misordered,
            "mean": means,
            "gaps": {f"{a}-{b}": round(means[a] - means[b], 1) for a, b in pairwise(TIERS)},
            "strong_min": min(self.tier_scores("strong"), default=0),
            "off_topic_max": max(self.tier_scores("off_topic"), default=0),
            "adversarial_below_half": {k: round(self.below_half_share(k), 3) for k in (*ADVERSARIAL, "non_answer")},
            "adversarial_max_ratio": {
                k: round(max(self.adversarial_ratios.get(k, [0.0])), 2) for k in (*ADVERSARIAL, "non_answer")
            },
        }


def measure(score: Scorer, items: list[Item] | None = None) -> Figures:
    """Score every answer of the set and compute the figures."""
    figures = Figures()
    for item in items if items is not None else load():
        kinds: dict[str, list[int]] = {}
        for kind, answer in item.answers.items():
            kinds[kind] = [score(item.question, answer, item.position)]
        kinds["non_answer"] = [score(item.question, answer, item.position) for answer in item.non_answers]
        figures.scores[item.id] = kinds
        for better, worse in combinations(TIERS, 2):
            figures.pairs += 1
            if kinds[better][0] > kinds[worse][0]:
                figures.pairs_right += 1
            else:
                figures.misordered.append(f"{item.id}: {better} {kinds[better][0]} ≤ {worse} {kinds[worse][0]}")
        strong = max(kinds["strong"][0], 1)
        for kind in (*ADVERSARIAL, "non_answer"):
            for value in kinds.get(kind, []):
                figures.adversarial_ratios.setdefault(kind, []).append(value / strong)
    return figures


@dataclass(frozen=True)
class HeldOutItem:
    id: str
    family: str
    position: str
    question: str
    strong: str
    adequate: str


def load_held_out(path: Path = HELD_OUT_PATH) -> list[HeldOutItem]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        HeldOutItem(raw["id"], raw["family"], raw["position"], raw["question"], raw["answers"]["strong"],
                    raw["answers"]["adequate"])
        for raw in data["items"]
    ]  # fmt: skip


@dataclass
class HeldOutFigures:
    strong: list[int] = field(default_factory=list)
    adequate: list[int] = field(default_factory=list)
    # A held-out strong answer scored against every other question of its family (both files), as a
    # share of that question's own strong answer's score.
    other_question_ratios: list[float] = field(default_factory=list)
    # The same against every question of the other families (a story prepared for another role).
    other_family_ratios: list[float] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        ratios = self.other_question_ratios
        across = {"other_family_below_half": sum(r < 0.5 for r in self.other_family_ratios),
                  "other_family_pairs": len(self.other_family_ratios)} if self.other_family_ratios else {}  # fmt: skip
        return {
            "strong_mean": round(statistics.fmean(self.strong), 1) if self.strong else 0.0,
            "strong_min": min(self.strong, default=0),
            "adequate_mean": round(statistics.fmean(self.adequate), 1) if self.adequate else 0.0,
            "strong_above_adequate": sum(s > a for s, a in zip(self.strong, self.adequate, strict=True)),
            "items": len(self.strong),
            "other_question_below_half": sum(r < 0.5 for r in ratios),
            "other_question_pairs": len(ratios),
            **across,
        }


def measure_held_out(score: Scorer, items: list[Item] | None = None, across_families: bool = False) -> HeldOutFigures:
    """Score the held-out answers: on their own question, and as answers to the other questions of the family.

    `across_families` also scores every strong answer of both files against every question of the other
    families (896 answers more: for the local rubric, not for a paid or slow backend).
    """
    held = load_held_out()
    # Every question of a family with its strong answer: the held-out ones and the set's.
    questions = [(h.family, h.position, h.question, h.strong) for h in held]
    questions += [(i.family, i.position, i.question, i.answers["strong"]) for i in (items or load())]
    own = {question: score(question, strong, position) for _, position, question, strong in questions}
    figures = HeldOutFigures()
    for h in held:
        figures.strong.append(own[h.question])
        figures.adequate.append(score(h.question, h.adequate, h.position))
        for family, position, question, _ in questions:
            if family == h.family and question != h.question:
                figures.other_question_ratios.append(score(question, h.strong, position) / max(own[question], 1))
    if across_families:
        for answer_family, _, _, strong in questions:
            for family, position, question, _ in questions:
                if family != answer_family:
                    figures.other_family_ratios.append(score(question, strong, position) / max(own[question], 1))
    return figures
