"""The interview report as one A4 PDF in Korean (fpdf2, NanumGothic embedded and subset).

Rendered from what the API serves (the stored SessionReport, the questions with their evaluations,
the review, and — only where the candidate opted in — the advisory emotion summary with its
caveat), stored in `reportpdf` and served again until something it shows changes.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session, col, select

from interview_common.consent import EMOTION_CAVEAT
from interview_common.emotions import timeline as emotion_timeline
from interview_common.hiring import Job, competency_scores
from interview_common.models import (
    EmotionAnalysis,
    EmotionTimeline,
    InterviewQuestion,
    InterviewSession,
    PassageRef,
    ReportPdf,
    utcnow,
)
from interview_common.results import SessionReport
from interview_common.resume import cited_passages

KST = timezone(timedelta(hours=9), "KST")
# fontTools reports every OpenType table it leaves out of a subset (NanumGothic's hinting sources): noise.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
RECOMMENDATION_KO = {
    "strong_hire": "적극 추천",
    "hire": "추천",
    "hold": "보류",
    "no_hire": "비추천",
}
EMOTION_KO = {
    "angry": "화남",
    "disgust": "혐오",
    "fear": "두려움",
    "happy": "기쁨",
    "sad": "슬픔",
    "surprise": "놀람",
    "neutral": "무표정",
}


class FontMissing(RuntimeError):
    pass


@lru_cache
def font_paths() -> tuple[Path, Path]:
    """NanumGothic (SIL Open Font License) from the koreanize-matplotlib wheel, located without importing
    the package (which would import matplotlib): the regular and bold faces."""
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise FontMissing(
            "the Korean font package koreanize-matplotlib is not installed (see common/requirements-nodeps.txt)"
        )
    folder = Path(next(iter(spec.submodule_search_locations))) / "fonts"
    regular, bold = folder / "NanumGothic.ttf", folder / "NanumGothicBold.ttf"
    if not regular.is_file() or not bold.is_file():
        raise FontMissing(f"NanumGothic is missing from {folder}")
    return regular, bold


def fingerprint(interview: InterviewSession, emotions: EmotionTimeline, cited: Iterable[int] = ()) -> str:
    """What the PDF shows changes only with these: a stored PDF with another fingerprint is rendered again.
    `cited` are the résumé passages shown (a deleted résumé's passages disappear from the PDF)."""
    parts = [
        ",".join(str(i) for i in sorted(cited)),
        str(interview.updated_at),
        str(interview.results_status),
        str(interview.review_requested_at),
        str(interview.review_resolved_at),
        str(interview.review_note),
        emotions.status.value,
        str(emotions.frames),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def _when(moment: datetime | None) -> str:
    return f"{moment.astimezone(KST):%Y-%m-%d %H:%M}" if moment else "—"


class _Pdf(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        regular, bold = font_paths()
        self.add_font("Nanum", "", str(regular))
        self.add_font("Nanum", "B", str(bold))
        self.set_title(title)
        self.set_creator("AI 면접 플랫폼")
        self.set_auto_page_break(auto=True, margin=16)
        self.set_margins(16, 16, 16)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Nanum", size=8)
        self.set_text_color(120, 120, 120)
        self.cell(0, 6, f"{self.page_no()} / {{nb}}", align="C")

    def heading(self, text: str, size: int = 13) -> None:
        self.ln(3)
        self.set_font("Nanum", "B", size)
        self.set_text_color(30, 30, 60)
        self.multi_cell(0, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)

    def para(self, text: str, size: float = 10, bold: bool = False) -> None:
        self.set_font("Nanum", "B" if bold else "", size)
        self.multi_cell(0, 5.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def pair(self, label: str, value: str) -> None:
        self.set_font("Nanum", "B", 10)
        self.cell(42, 6, label)
        self.set_font("Nanum", "", 10)
        self.multi_cell(0, 6, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def render(
    interview: InterviewSession,
    questions: list[InterviewQuestion],
    report: SessionReport,
    emotions: EmotionTimeline,
    *,
    job_title: str | None,
    competencies: list[str],
    grounding: Mapping[int, PassageRef] | None = None,
) -> bytes:
    pdf = _Pdf(f"면접 결과 — {interview.user_name}")
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.set_font("Nanum", "B", 18)
    pdf.cell(0, 10, "AI 면접 결과 보고서", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.pair("지원자", interview.user_name)
    pdf.pair("지원 직무", job_title or interview.position)
    pdf.pair("면접 일시", f"{_when(interview.created_at)} ~ {_when(interview.finished_at)}")
    pdf.pair("종합 점수", f"{report.overall_score}점 / 100")
    pdf.pair("추천", RECOMMENDATION_KO.get(report.recommendation.value, report.recommendation.value))
    pdf.pair("답변", f"질문 {report.asked}개 중 {report.answered}개 답변")
    pdf.para(report.recommendation_reason, size=9.5)

    pdf.heading("평가 항목별 점수")
    rubric = report.rubric
    for label, value in (
        ("질문 적합성", rubric.relevance),
        ("구체성", rubric.specificity),
        ("명확성", rubric.clarity),
        ("깊이", rubric.depth),
    ):
        pdf.pair(label, f"{value}점")
    if competencies:
        pdf.heading("역량별 점수")
        for name, score in competency_scores(competencies, questions).items():
            pdf.pair(name, "질문 없음" if score is None else f"{score}점")

    pdf.heading("강점과 개선점")
    for strength in report.strengths:
        pdf.para(f"• 강점: {strength}")
    for improvement in report.improvements:
        pdf.para(f"• 개선: {improvement}")

    pdf.heading("질문과 답변")
    for question in questions:
        pdf.para(f"Q{question.order}. {question.question_text}", bold=True)
        passage = (grounding or {}).get(question.resume_passage_id or 0)
        if passage is not None:
            excerpt = " / ".join(line.strip() for line in passage.text.split("\n") if line.strip())
            pdf.para(f"이력서 근거: {excerpt[:300]}", size=8.5)
        if question.timed_out:
            pdf.para("시간 초과 (미응답)", size=9.5)
        elif question.answer_text is None:
            pdf.para("답변하지 않음", size=9.5)
        else:
            pdf.para(question.answer_text, size=9.5)
        evaluation = question.evaluation or {}
        if evaluation:
            pdf.para(f"점수 {evaluation.get('score')}점 — {evaluation.get('summary', '')}", size=9.5)
        pdf.ln(1.5)

    pdf.heading("사람 검토")
    if interview.review_resolved_at is not None:
        pdf.para(f"검토 완료 ({_when(interview.review_resolved_at)}): {interview.review_note or ''}")
    elif interview.review_requested_at is not None:
        pdf.para(f"지원자가 사람 검토를 요청했습니다 ({_when(interview.review_requested_at)}). 검토 중입니다.")
    else:
        pdf.para("요청 없음")

    # Only where the candidate opted in (and it was collected): with its caveat, never as a score.
    if emotions.status is EmotionAnalysis.COLLECTED and emotions.frames:
        pdf.heading("표정 분석 (참고용)")
        pdf.para(EMOTION_CAVEAT["ko"], size=9)
        totals: dict[str, float] = {}
        counted = 0
        for summary in emotions.per_question:
            single = summary.frames - summary.no_face - summary.multi_face
            counted += single
            for emotion, share in summary.share.items():
                totals[emotion] = totals.get(emotion, 0.0) + share * single
        pdf.pair("분석한 프레임", f"{emotions.frames}개 (얼굴 하나가 보인 프레임 {counted}개)")
        if counted:
            shares = sorted(((v / counted, k) for k, v in totals.items()), reverse=True)
            pdf.para(", ".join(f"{EMOTION_KO.get(k, k)} {v:.0%}" for v, k in shares if v > 0))
    pdf.ln(4)
    pdf.set_font("Nanum", "", 8)
    pdf.set_text_color(110, 110, 110)
    pdf.multi_cell(
        0,
        4.5,
        "AI 평가는 참고 자료입니다. 채용 결정은 답변 내용을 직접 읽고 사람이 내립니다. "
        f"생성: {_when(datetime.now(tz=KST))}",
    )
    return bytes(pdf.output())


def stored_pdf(db: Session, interview: InterviewSession) -> bytes:
    """The PDF of a ready report: the stored one while nothing it shows has changed, else rendered and stored.

    The worker calls it when the report becomes ready, so a download is normally served as stored; the
    backend calls it for each download, which renders again only after a review or consent change."""
    assert interview.id is not None
    emotions = emotion_timeline(db, interview)
    questions = list(
        db.exec(
            select(InterviewQuestion)
            .where(InterviewQuestion.session_id == interview.id)
            .order_by(col(InterviewQuestion.order))
        )
    )
    grounding = cited_passages(db, questions)
    stamp = fingerprint(interview, emotions, grounding)
    row = db.get(ReportPdf, interview.id)
    if row is not None and row.fingerprint == stamp:
        return row.pdf
    job = db.get(Job, interview.job_id) if interview.job_id is not None else None
    pdf = render(
        interview,
        questions,
        SessionReport.model_validate(interview.report),
        emotions,
        job_title=job.title if job else None,
        competencies=list(job.competencies) if job else [],
        grounding=grounding,
    )
    # An upsert: the worker (when the report becomes ready) and a first download may render at once.
    values = {"session_id": interview.id, "fingerprint": stamp, "pdf": pdf, "created_at": utcnow()}
    stmt = insert(ReportPdf).values(**values)
    db.execute(stmt.on_conflict_do_update(index_elements=["session_id"], set_={k: stmt.excluded[k] for k in values}))
    db.commit()
    return pdf
