"""Reading an uploaded résumé file: its type judged by its bytes, its text taken out safely.

PDF through pypdf, DOCX through python-docx, plain text as UTF-8 or CP949. A file that is none of
them, or that only pretends to be one, is refused with a message saying what it looks like and what
to send instead. The guards: the size limit, the number of PDF pages read, a DOCX's declared
uncompressed size and entry count checked before anything is unpacked (a zip bomb), and a PDF whose
pages hold no text (a scan) refused instead of becoming an empty résumé.
"""

from __future__ import annotations

import io
import logging
import zipfile
from enum import StrEnum

from docx import Document
from docx.table import Table
from pypdf import PasswordType, PdfReader, apply_configuration
from pypdf.errors import LimitReachedError, PdfReadError

from interview_common.flow import InterviewError
from interview_common.resume import MAX_RESUME_BYTES, MAX_TEXT_CHARS, clean_text

logger = logging.getLogger(__name__)

# Pages past this are not read (a résumé is a few pages; a 500-page PDF is something else).
MAX_PDF_PAGES = 30
# A DOCX of a few MB never unpacks to more than this; zip bombs unpack to gigabytes.
MAX_DOCX_UNPACKED_BYTES = 40 * 1024 * 1024
MAX_DOCX_ENTRIES = 2000
# pypdf's decoding limits, tighter than its defaults (75 MB per stream): a résumé's page content is
# kilobytes, so a stream that inflates past these is a decompression bomb.
_PDF_LIMITS = {
    "zlib_maximum_output_length": 20_000_000,
    "lzw_maximum_output_length": 20_000_000,
    "run_length_maximum_output_length": 20_000_000,
    "brotli_maximum_output_length": 20_000_000,
    "stream_decoding_work_maximum_length": 60_000_000,
}
# Less text than this is not a résumé (a scan's page numbers, a stray header).
MIN_TEXT_CHARS = 40
# Control characters (other than tab and line ends) in more than this share of a "text" file: binary.
_MAX_CONTROL_SHARE = 0.01

_LIMIT_MB = MAX_RESUME_BYTES // (1024 * 1024)
_ACCEPTED = "PDF, DOCX or plain text (.txt)"


class FileKind(StrEnum):
    PDF = "pdf"
    DOCX = "docx"
    TEXT = "text"


class Refused(InterviewError):
    """An upload the platform cannot use: its HTTP status, and a message saying why and what to do."""

    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(message)
        self.status_code = status_code


# Recognised only to name them in the refusal.
_OTHER_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word (.doc) or HWP document"),
    (b"HWP Document File", "an HWP document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a program"),
)


def _unsupported(what: str) -> Refused:
    return Refused(415, f"This file is {what}, not a résumé we can read. Upload a {_ACCEPTED} file.")


def sniff(data: bytes) -> FileKind:
    """The file's kind from its first bytes (its name is not asked): PDF, DOCX or text; 415 otherwise."""
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:5] == b"%PDF-":
        return FileKind.PDF
    if data[:4] == b"PK\x03\x04":
        return _zip_kind(data)
    for signature, what in _OTHER_SIGNATURES:
        if data.startswith(signature):
            raise _unsupported(what)
    if b"\x00" in data[:65536]:
        raise _unsupported("a binary file")
    return FileKind.TEXT


def _zip_kind(data: bytes) -> FileKind:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise Refused(
            422, "This DOCX (ZIP) file is damaged and cannot be opened. Save it again and upload it."
        ) from None
    if "word/document.xml" in names:
        return FileKind.DOCX
    if "xl/workbook.xml" in names:
        raise _unsupported("an Excel workbook")
    if "ppt/presentation.xml" in names:
        raise _unsupported("a PowerPoint presentation")
    raise _unsupported("a ZIP archive")


def extract_text(data: bytes) -> tuple[FileKind, str]:
    """The file's kind and its cleaned text; raises Refused with a message for the person uploading."""
    if not data:
        raise Refused(400, "The file is empty.")
    if len(data) > MAX_RESUME_BYTES:
        raise Refused(413, f"The file is {len(data) / 1_048_576:.1f} MB; a résumé may be at most {_LIMIT_MB} MB.")
    kind = sniff(data)
    raw = {FileKind.PDF: _pdf_text, FileKind.DOCX: _docx_text, FileKind.TEXT: _plain_text}[kind](data)
    text = clean_text(raw)
    if len("".join(text.split())) < MIN_TEXT_CHARS:
        if kind is FileKind.PDF:
            raise Refused(
                422,
                "This PDF has no text we can read: it looks like a scan or an image. Upload the PDF your word "
                "processor exports, a DOCX file, or the text itself.",
            )
        raise Refused(422, f"The file holds almost no text ({len(text)} characters); a résumé needs more to go on.")
    return kind, text


def _pdf_text(data: bytes) -> str:
    try:
        with apply_configuration(**_PDF_LIMITS):
            return _read_pdf(PdfReader(io.BytesIO(data)), PasswordType.NOT_DECRYPTED)
    except Refused:
        raise
    except LimitReachedError as exc:
        logger.info("PDF upload over a decoding limit", extra={"error": str(exc)[:300]})
        raise Refused(
            422,
            "This PDF holds far more compressed data than any résumé (a decompression bomb) and is refused as "
            "unsafe. Export it again from your word processor.",
        ) from None
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        logger.info("unreadable PDF upload", extra={"error": f"{type(exc).__name__}: {exc}"[:300]})
        raise Refused(422, "This PDF is damaged and cannot be read. Export it again and upload it.") from None
    except Exception as exc:  # pypdf raises many kinds on hostile files; none of them is the server's fault
        logger.warning("PDF upload could not be read", extra={"error": f"{type(exc).__name__}: {exc}"[:300]})
        raise Refused(422, "This PDF is damaged and cannot be read. Export it again and upload it.") from None


def _read_pdf(reader: PdfReader, not_decrypted: PasswordType) -> str:
    if reader.is_encrypted and reader.decrypt("") == not_decrypted:
        # Only an empty user password (an owner-only lock) opens without the person's help.
        raise Refused(
            422, "This PDF is protected with a password. Remove the password (or export it again) and upload it."
        )
    parts: list[str] = []
    size = 0
    for page in reader.pages[:MAX_PDF_PAGES]:
        contents = page.get_contents()
        if contents is not None:
            # Decoded here because extract_text() swallows a decoding limit and returns "" (a bomb would
            # then read as a scan).
            contents.get_data()
        page_text = page.extract_text() or ""
        parts.append(page_text)
        size += len(page_text)
        if size > MAX_TEXT_CHARS:
            break
    return "\n\n".join(parts)


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = archive.infolist()
        unpacked = sum(e.file_size for e in entries)
    # zipfile never reads past an entry's declared size, so the declarations bound what parsing unpacks.
    if len(entries) > MAX_DOCX_ENTRIES or unpacked > MAX_DOCX_UNPACKED_BYTES:
        raise Refused(
            422,
            f"This DOCX file would unpack to {unpacked / 1_048_576:.0f} MB in {len(entries)} parts, far more than "
            "any résumé; it is refused as unsafe. Save it again from your word processor or upload a PDF.",
        )
    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx and lxml raise many kinds on damaged files
        logger.info("unreadable DOCX upload", extra={"error": f"{type(exc).__name__}: {exc}"[:300]})
        raise Refused(422, "This DOCX file is damaged and cannot be read. Save it again and upload it.") from None
    lines: list[str] = []
    for block in document.iter_inner_content():  # paragraphs and tables in reading order
        if isinstance(block, Table):  # résumé templates put whole sections in tables
            for row in block.rows:
                cells = list(dict.fromkeys(cell.text.strip() for cell in row.cells if cell.text.strip()))
                if cells:
                    lines.append(" | ".join(cells))
            lines.append("")
        else:
            lines.append(block.text)
    return "\n".join(lines)


def _plain_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp949"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _unsupported("not text in UTF-8 or CP949 (nor a PDF or DOCX)")
    control = sum(1 for c in text if ord(c) < 32 and c not in "\t\r\n\f")
    if text and control / len(text) > _MAX_CONTROL_SHARE:
        raise _unsupported("a binary file")
    return text
