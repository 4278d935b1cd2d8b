"""Résumé files made by the tests: a real PDF (Korean, embedded font), DOCX and text, and bad ones.

The good files carry the sample résumé of ai-worker/evaluation-set/resumes/backend.txt, so the
questions a test sees can be checked against text the test itself wrote.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path
from typing import Any

import httpx
from docx import Document
from fpdf import FPDF
from PIL import Image, ImageDraw
from pypdf import PdfReader, PdfWriter

from interview_common.report_pdf import font_paths
from tests.conftest import Account

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "ai-worker" / "evaluation-set" / "resumes"
BACKEND_RESUME = (SAMPLE_DIR / "backend.txt").read_text(encoding="utf-8")
# The project titles of that résumé: a grounded question names one of these (or a piece of work of it).
BACKEND_PROJECTS = ("실시간 정산 파이프라인 구축", "배송 추적 알림 서비스")


def resume_pdf(text: str = BACKEND_RESUME) -> bytes:
    """A text PDF as a word processor exports it: NanumGothic embedded, one line per line."""
    pdf = FPDF(format="A4")
    regular, _ = font_paths()
    pdf.add_font("Nanum", fname=str(regular))
    pdf.set_font("Nanum", size=11)
    pdf.add_page()
    for line in text.split("\n"):
        pdf.multi_cell(0, 6, line or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def encrypted_pdf(text: str = BACKEND_RESUME, password: str = "비밀번호1234") -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(resume_pdf(text))))
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _page_image() -> Image.Image:
    """A 'scanned page': dark strokes where lines of text would be, no text layer."""
    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    for row in range(40):
        draw.rectangle((120, 120 + row * 38, 120 + (row * 137) % 900 + 200, 138 + row * 38), fill=30)
    return image


def image_only_pdf() -> bytes:
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.image(_page_image(), x=0, y=0, w=210)
    return bytes(pdf.output())


def png_bytes() -> bytes:
    out = io.BytesIO()
    _page_image().resize((310, 438)).save(out, format="PNG")
    return out.getvalue()


def resume_docx(text: str = BACKEND_RESUME) -> bytes:
    """A DOCX with the résumé's lines as paragraphs and its skills in a table, as templates do."""
    document = Document()
    lines = text.split("\n")
    skills_at = lines.index("기술 스택")
    for line in lines[:skills_at]:
        document.add_paragraph(line)
    document.add_paragraph("기술 스택")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "언어·프레임워크"
    table.rows[0].cells[1].text = lines[skills_at + 1]
    for line in lines[skills_at + 2 :]:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bomb_docx(unpacked_mb: int = 200) -> bytes:
    """A DOCX whose document.xml declares hundreds of megabytes (zeros compress about 1000:1)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            block = b"0" * (1024 * 1024)
            for _ in range(unpacked_mb):
                entry.write(block)
    return out.getvalue()


def upload(
    client: httpx.Client,
    account: Account,
    data: bytes,
    filename: str = "이력서.pdf",
    *,
    notice_version: str | None = "current",
    content_type: str = "application/octet-stream",
) -> httpx.Response:
    """POST /resume with the notice now in force agreed to (unless told otherwise)."""
    form = {}
    if notice_version == "current":
        notice_version = client.get("/consent/notice").json()["version"]
    if notice_version is not None:
        form["notice_version"] = notice_version
    return client.post(
        "/resume", files={"file": (filename, data, content_type)}, data=form, headers=account.headers, timeout=60
    )


def upload_resume(client: httpx.Client, account: Account, text: str = BACKEND_RESUME) -> dict[str, Any]:
    response = upload(client, account, text.encode(), "resume.txt")
    assert response.status_code == 201, response.text
    return response.json()


def flate_bomb_pdf(inflated_mb: int = 100) -> bytes:
    """A one-page PDF whose content stream is a few hundred KB of Flate data inflating to `inflated_mb` MB of
    spaces (valid content-stream whitespace): a decompression bomb in PDF form."""
    compressor = zlib.compressobj(9)
    block = b" " * (1024 * 1024)
    stream = b"".join(compressor.compress(block) for _ in range(inflated_mb)) + compressor.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
