"""Questions grounded in the résumé, measured on the sample résumés of `evaluation-set/resumes/`.

For each sample (backend, frontend, data, product) whole interviews are planned with the résumé's
passages retrieved in memory, under three answer patterns (one-word answers, a substantive opener,
ten questions). Measured: how many questions cite the résumé, and that every cited name is text of
the résumé (of the cited passage, in fact). Without a résumé the interview is what it was.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ai_worker.llm.prompts import question_messages
from ai_worker.questions.context import QA, PlannedQuestion, QuestionContext, QuestionKind
from ai_worker.questions.grounding import (
    InMemoryPassages,
    ResumePassageRef,
    cites,
    max_grounded,
    passage_name,
)
from ai_worker.questions.korean import kiwi
from ai_worker.questions.planner import grounding_hint, plan_next_question
from interview_common.resume import Section, split_passages

RESUMES = Path(__file__).resolve().parents[1] / "evaluation-set" / "resumes"
SAMPLES = {path.stem: path.read_text(encoding="utf-8") for path in sorted(RESUMES.glob("*.txt"))}
POSITIONS = {
    "backend": "백엔드 개발자",
    "frontend": "프론트엔드 개발자",
    "data": "데이터 엔지니어",
    "product": "프로덕트 매니저",
}
OPENER_ANSWER = (
    "저는 이 직무에서 5년 동안 일하며 서비스의 핵심 기능을 맡아 왔습니다. 최근에는 팀의 배포 과정을 자동화했고, "
    "장애 대응 시간을 절반으로 줄였습니다."
)
QUOTED = re.compile(r"‘([^’]+)’")


def passages(text: str) -> list[ResumePassageRef]:
    return [ResumePassageRef(i + 1, p.section.value, p.text) for i, p in enumerate(split_passages(text))]


def interview(sample: str, total: int, answers: list[str], *, with_resume: bool = True) -> list[PlannedQuestion]:
    source = InMemoryPassages(passages(SAMPLES[sample])) if with_resume else None
    history: list[QA] = []
    planned_all = []
    for order in range(1, total + 1):
        ctx = QuestionContext(
            position=POSITIONS[sample], order=order, total=total, history=tuple(history), resume=source
        )
        planned = plan_next_question(ctx)
        planned_all.append(planned)
        answer = answers[order - 1] if order - 1 < len(answers) else "네."
        history.append(QA(order, planned.text, answer, competency=planned.competency, passage_id=planned.passage_id))
    return planned_all


PATTERNS = {"short answers, 5": (5, []), "substantive opener, 5": (5, [OPENER_ANSWER]), "short answers, 10": (10, [])}


def test_sample_resumes_split_into_their_sections() -> None:
    assert set(SAMPLES) == set(POSITIONS)
    for name, text in SAMPLES.items():
        found = {p.section for p in split_passages(text)}
        assert {Section.EXPERIENCE, Section.PROJECTS, Section.SKILLS, Section.EDUCATION} <= found, name
        projects = [p for p in split_passages(text) if p.section is Section.PROJECTS]
        assert len(projects) == 2, (name, projects)  # one passage per project: its title and its bullets


def test_project_names_are_the_titles_the_candidate_wrote() -> None:
    names = {
        name: [passage_name(p) for p in passages(text) if p.section == "projects"] for name, text in SAMPLES.items()
    }
    assert names["backend"] == ["실시간 정산 파이프라인 구축", "배송 추적 알림 서비스"]
    assert names["frontend"] == ["디자인 시스템 '누리 UI' 구축", "실시간 재고 알림 위젯"]
    assert names["data"] == ["수요 예측 피처 스토어 구축", "배송 데이터 품질 모니터링"]
    assert names["product"] == ["건강 리포트 개인화 기능 출시", "B2B 대시보드 MVP"]
    # An employment entry's title is the employer: its work is named from the bullets instead.
    experience = [p for p in passages(SAMPLES["backend"]) if p.section == "experience"]
    assert passage_name(experience[1]) == "주문 관리 시스템 유지보수"


@pytest.mark.parametrize("sample", sorted(POSITIONS))
@pytest.mark.parametrize("pattern", sorted(PATTERNS))
def test_interviews_cite_the_resume_and_only_what_it_says(sample: str, pattern: str) -> None:
    total, answers = PATTERNS[pattern]
    planned = interview(sample, total, answers)
    by_id = {p.id: p for p in passages(SAMPLES[sample])}
    grounded = [q for q in planned if q.passage_id is not None]
    print(f"{sample} / {pattern}: {len(grounded)} of {total} questions cite the résumé")
    assert 1 <= len(grounded) <= max_grounded(total)
    assert planned[0].passage_id is None
    assert planned[-1].kind is QuestionKind.CLOSING
    assert len({q.passage_id for q in grounded}) == len(grounded)  # never the same passage twice
    for question in grounded:
        passage = by_id[question.passage_id]
        assert passage.section in ("projects", "experience")
        quoted = QUOTED.findall(question.text)
        assert len(quoted) == 1, question.text
        assert quoted[0] in passage.text, (quoted[0], passage.text)
        assert question.competency
        assert question.competency in question.text
        assert question.kind is QuestionKind.COMPETENCY
    # The first question citing the résumé is about one of its projects.
    assert by_id[grounded[0].passage_id].section == "projects"
    # Every quoted name of the whole interview is text of the résumé.
    for question in planned:
        for name in QUOTED.findall(question.text):
            assert name in SAMPLES[sample], name


def test_share_of_questions_citing_the_resume_over_all_samples() -> None:
    cited = asked = 0
    for sample in POSITIONS:
        for total, answers in PATTERNS.values():
            planned = interview(sample, total, answers)
            cited += sum(q.passage_id is not None for q in planned)
            asked += total
    share = cited / asked
    print(f"questions citing the résumé: {cited} of {asked} ({share:.0%})")
    assert share >= 0.3


@pytest.mark.parametrize("sample", sorted(POSITIONS))
def test_without_a_resume_the_interview_is_as_before(sample: str) -> None:
    planned = interview(sample, 5, [OPENER_ANSWER], with_resume=False)
    assert all(q.passage_id is None and "이력서" not in q.text for q in planned)


def test_grounded_questions_parse_as_korean_questions_with_fitting_particles() -> None:
    checked = 0
    for sample in POSITIONS:
        for total, answers in PATTERNS.values():
            for question in interview(sample, total, answers):
                if question.passage_id is None:
                    continue
                tokens = kiwi().tokenize(question.text)
                assert any(t.tag == "EF" for t in tokens), question.text  # ends as a sentence
                # The particle after the quoted name's noun: 을/를 and 과/와 agree with its last sound.
                for match in re.finditer(r"(프로젝트|경험|’)(을|를|과|와)\s", question.text):
                    word, particle = match.groups()
                    if word == "프로젝트":
                        assert particle in ("를", "와"), question.text
                    elif word == "경험":
                        assert particle in ("을", "과"), question.text
                checked += 1
    assert checked >= 12


def test_the_language_model_gets_the_passage_and_a_question_naming_it_counts_as_grounded() -> None:
    source = InMemoryPassages(passages(SAMPLES["backend"]))
    ctx = QuestionContext(
        position="백엔드 개발자",
        order=2,
        total=5,
        history=(QA(1, "자기소개를 부탁드립니다.", "네."),),
        resume=source,
    )
    hint = grounding_hint(ctx)
    assert hint is not None
    competency, passage = hint
    _, user = question_messages(ctx, hint)
    assert f"이력서 발췌(확인할 역량: {competency})" in user
    assert passage.text.split("\n")[0][:20] in user
    name = passage_name(passage)
    assert name is not None
    assert cites(f"이력서의 {name}에서 가장 어려웠던 점은 무엇이었나요?", passage)
    assert not cites("가장 자신 있는 기술은 무엇인가요?", passage)
    # No hint for the opener, the closing, or without a résumé.
    assert grounding_hint(QuestionContext(position="백엔드 개발자", order=1, total=5, resume=source)) is None
    assert grounding_hint(QuestionContext(position="백엔드 개발자", order=5, total=5, resume=source)) is None
    assert grounding_hint(QuestionContext(position="백엔드 개발자", order=2, total=5)) is None


def test_a_long_passage_is_bounded_in_the_prompt() -> None:
    long_passage = ResumePassageRef(1, "projects", "대규모 이관 프로젝트\n" + "- 데이터 이관 작업을 맡았습니다.\n" * 80)
    ctx = QuestionContext(position="백엔드 개발자", order=2, total=5)
    _, user = question_messages(ctx, ("설계", long_passage))
    line = next(line for line in user.split("\n") if line.startswith("이력서 발췌"))
    assert len(line) < 500
