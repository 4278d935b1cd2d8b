"""Email: invitation links and reminders, through SMTP when configured, kept in the outbox always.

Every message is stored first (`outboxmessage`), then handed to the SMTP server of the settings;
without SMTP_HOST it stays there as `outboxed` (the recruiter sees it on the job page) and its
link is logged, so the embedded run works with no mail server. A failure is recorded on the row
with the server's reason, never dropped.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
import smtplib
import ssl
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import formataddr, make_msgid, parseaddr

from sqlmodel import Session

from interview_common.hiring import Invitation, Job, MailKind, MailStatus, Organisation, OutboxMessage, VoiceMode
from interview_common.models import utcnow
from interview_common.settings import Settings, get_settings

logger = logging.getLogger(__name__)

# Deliberately simple: one @, something on each side, a dot in the domain, no spaces, angle brackets or
# control characters (a NUL could not be stored).
EMAIL = re.compile(r"^[^@\s<>,;\"'\x00-\x1f\x7f]+@[^@\s<>,;\"'\x00-\x1f\x7f]+\.[^@\s<>,;\"'\x00-\x1f\x7f]+$")
# Korea keeps no daylight saving time: a fixed offset needs no tz database in the images.
SEOUL = timezone(timedelta(hours=9), "KST")


# ---------------------------------------------------------------- invitation tokens


def new_token_nonce() -> str:
    return secrets.token_urlsafe(24)


def token_for(nonce: str, settings: Settings | None = None) -> str:
    key = (settings or get_settings()).SECRET_KEY.encode()
    digest = hmac.new(key, f"invitation:{nonce}".encode(), hashlib.sha256).hexdigest()
    return digest[:40]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_url(token: str, settings: Settings | None = None) -> str:
    base = (settings or get_settings()).PUBLIC_BASE_URL.rstrip("/")
    return f"{base}/invite/{token}"


# ---------------------------------------------------------------- messages


def _when(moment: datetime) -> str:
    local = moment.astimezone(SEOUL)
    return f"{local:%Y년 %m월 %d일 %H:%M} (한국 시간)"


def _rules(job: Job) -> list[str]:
    lines = [f"- 질문 수: {job.questions}개"]
    if job.answer_time_limit_s:
        prep = f", 답변 전 준비 시간 {job.prep_time_s}초" if job.prep_time_s else ""
        lines.append(f"- 답변 시간: 질문마다 {job.answer_time_limit_s}초{prep}")
    voice = {
        VoiceMode.REQUIRED: "말로 답변합니다 (마이크 필요)",
        VoiceMode.ALLOWED: "글이나 말로 답변할 수 있습니다",
        VoiceMode.OFF: "글로 답변합니다",
    }[job.voice_mode]
    lines.append(f"- 답변 방식: {voice}")
    return lines


def invitation_message(
    job: Job, organisation: Organisation, url: str, expires_at: datetime, *, reminder: bool = False
) -> tuple[str, str]:
    """(subject, plain-text body) in Korean."""
    if reminder:
        subject = f"[{organisation.name}] {job.title} 면접 마감이 다가옵니다"
        opening = f"{organisation.name}의 '{job.title}' AI 면접 마감이 얼마 남지 않았습니다. 아직 마치지 않으셨다면 아래 링크로 이어서 진행해 주세요."
    else:
        subject = f"[{organisation.name}] {job.title} AI 면접에 초대합니다"
        opening = f"{organisation.name}에서 '{job.title}' 포지션의 AI 면접에 초대합니다."
    body = "\n".join(
        [
            "안녕하세요.",
            "",
            opening,
            "",
            f"면접 링크: {url}",
            f"링크 유효 기간: {_when(expires_at)}까지",
            "",
            *_rules(job),
            "",
            "링크를 열어 로그인하거나 가입한 뒤, 안내와 데이터 이용 동의를 확인하고 면접을 시작하세요.",
            "중간에 연결이 끊겨도 마감 전까지 같은 링크로 이어서 진행할 수 있습니다.",
            "",
            "이 메일은 발신 전용입니다.",
        ]
    )
    return subject, body


# ---------------------------------------------------------------- sending


class MailError(Exception):
    pass


def _smtp_send(message: EmailMessage, settings: Settings) -> None:
    timeout = settings.SMTP_TIMEOUT_SECONDS
    client: smtplib.SMTP
    if settings.SMTP_SECURITY == "ssl":
        client = smtplib.SMTP_SSL(
            settings.SMTP_HOST, settings.SMTP_PORT, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        client = smtplib.SMTP(settings.SMTP_HOST, settings.SMTP_PORT, timeout=timeout)
    with client:
        if settings.SMTP_SECURITY == "starttls":
            client.starttls(context=ssl.create_default_context())
        if settings.SMTP_USERNAME:
            client.login(settings.SMTP_USERNAME, settings.SMTP_PASSWORD)
        client.send_message(message)


def _message(row: OutboxMessage, settings: Settings) -> EmailMessage:
    message = EmailMessage()
    name, address = parseaddr(settings.MAIL_FROM)
    message["From"] = formataddr((name, address)) if address else settings.MAIL_FROM
    message["To"] = row.to_address
    message["Subject"] = row.subject
    message["Message-ID"] = make_msgid(domain=address.split("@")[-1] if "@" in address else None)
    message.set_content(row.body, charset="utf-8")
    return message


def send(
    db: Session,
    *,
    to: str,
    subject: str,
    body: str,
    kind: MailKind,
    organisation_id: int | None,
    invitation_id: int | None,
    link: str | None = None,
) -> OutboxMessage:
    """Store the message, then deliver it (or keep it in the outbox); the row says which, and why not."""
    settings = get_settings()
    row = OutboxMessage(
        organisation_id=organisation_id,
        invitation_id=invitation_id,
        to_address=to,
        subject=subject,
        body=body,
        kind=kind,
    )
    db.add(row)
    db.commit()
    db.refresh(row)
    extra = {"outbox_id": row.id, "invitation_id": invitation_id, "kind": kind.value}
    if not settings.SMTP_HOST:
        row.status = MailStatus.OUTBOXED
        logger.info("email kept in the outbox (no SMTP_HOST configured)", extra={**extra, "link": link})
    else:
        try:
            _smtp_send(_message(row, settings), settings)
        except (OSError, smtplib.SMTPException) as exc:
            row.status = MailStatus.FAILED
            row.error = f"{type(exc).__name__}: {exc}"[:500]
            logger.warning("email not delivered", extra={**extra, "error": row.error})
        else:
            row.status = MailStatus.SENT
            row.sent_at = utcnow()
            logger.info("email sent", extra=extra)
    db.add(row)
    db.commit()
    db.refresh(row)
    return row


def send_invitation(
    db: Session, *, invitation: Invitation, job: Job, organisation: Organisation, reminder: bool = False
) -> OutboxMessage:
    assert invitation.email is not None
    assert invitation.id is not None
    url = invitation_url(token_for(invitation.token_nonce))
    subject, body = invitation_message(job, organisation, url, invitation.expires_at, reminder=reminder)
    return send(
        db,
        to=invitation.email,
        subject=subject,
        body=body,
        kind=MailKind.REMINDER if reminder else MailKind.INVITATION,
        organisation_id=organisation.id,
        invitation_id=invitation.id,
        link=url,
    )
