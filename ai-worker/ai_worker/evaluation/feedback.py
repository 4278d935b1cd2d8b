"""Feedback: what a candidate is told about one answer, each sentence backed by a signal found in it."""

from __future__ import annotations

import re

from ai_worker.evaluation.lexicon import METRIC_EXAMPLES, RESULT
from ai_worker.evaluation.scoring import ECHO_SHARE, FULL_FORM_SHARE, WEIGHTS
from ai_worker.evaluation.signals import AnswerSignals
from interview_common.positions.families import Family
from interview_common.results import RubricScores

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


def strengths_for(s: AnswerSignals, rubric: RubricScores) -> list[str]:
    out: list[str] = []
    if s.before_after:
        out.append(f"구체적인 수치({s.before_after})로 결과를 보여 주었습니다.")
    elif s.metrics:
        # "결과" only for numbers in a sentence about an outcome ("3년 차" is not one); those are quoted first.
        outcome = [m for m in s.metrics if any(m in x and any(c in x for c in RESULT) for x in s.sentences)]
        if outcome:
            quoted = outcome + [m for m in s.metrics if m not in outcome]
            out.append(f"구체적인 수치({_quote(quoted)})로 결과를 보여 주었습니다.")
        else:
            out.append(f"구체적인 수치({_quote(s.metrics)})로 답변을 뒷받침했습니다.")
    if s.situation and s.actions and s.results:
        out.append("상황·행동·결과의 흐름(STAR)으로 경험을 설명했습니다.")
    elif len(s.actions) >= 2 or (s.actions and s.first_person):
        out.append(f"본인이 직접 한 행동({_quote(s.deeds)})을 분명히 밝혔습니다.")
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
    if rubric.relevance >= 70 and s.covered_concepts:
        out.append(f"질문의 핵심({_quote(list(s.covered_concepts))})에 직접 답했습니다.")
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


def improvements_for(s: AnswerSignals, rubric: RubricScores) -> list[str]:
    """Up to three pieces of advice, spread over the dimensions that cost the answer most points."""
    advice: dict[str, list[str]] = {"relevance": [], "specificity": [], "depth": [], "clarity": []}
    if s.words >= 6 and s.predicated_share < FULL_FORM_SHARE:
        advice["relevance"].append(
            "단어를 나열하기보다 문장으로 답해 주세요. 무엇을 했고 어떻게 됐는지가 드러나야 합니다."
        )
    if s.words >= 6 and s.own_share < ECHO_SHARE[1]:
        advice["relevance"].append("질문의 표현을 되풀이하기보다 실제로 겪은 상황과 본인이 한 일을 말해 보세요.")
    if s.words == 0:
        advice["relevance"].append("답변이 없습니다. 상황, 본인의 행동, 결과 순서로 두세 문장씩 말해 보세요.")
    elif s.words < 15:
        if s.evasive:
            advice["relevance"].append("모르는 부분이 있더라도 아는 범위에서 어떻게 접근할지 설명해 보세요.")
        advice["relevance"].append("답변이 너무 짧습니다. 상황, 본인의 행동, 결과를 두세 문장씩 채워 말해 보세요.")
    elif rubric.relevance < 45 and not advice["relevance"]:
        focus = f"({_quote(list(s.concepts), 3)})" if s.concepts else ""
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
        examples = METRIC_EXAMPLES[Family.GENERAL if s.behavioural else s.family]
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


def summary_for(s: AnswerSignals, rubric: RubricScores, score: int, improvements: list[str]) -> str:
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
