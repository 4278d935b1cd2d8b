"""consent, human review, audit log

Sessions keep the candidate's consent (notice version, time, emotion opt-in) and a human-review
request; recruiters' reads of a candidate's data are logged in `auditentry`.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 23:56:38.048580
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "auditentry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_username", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column(
            "action",
            sa.Enum(
                "session",
                "questions",
                "results",
                "emotions",
                "events",
                "search",
                name="auditaction",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("request_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["user.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["session_id"], ["interviewsession.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_auditentry_actor_id"), "auditentry", ["actor_id"], unique=False)
    op.create_index(op.f("ix_auditentry_at"), "auditentry", ["at"], unique=False)
    op.create_index(op.f("ix_auditentry_session_id"), "auditentry", ["session_id"], unique=False)
    op.add_column(
        "interviewsession",
        sa.Column("consent_notice_version", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    )
    op.add_column("interviewsession", sa.Column("consented_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "interviewsession", sa.Column("emotion_consent", sa.Boolean(), server_default="false", nullable=False)
    )
    op.add_column("interviewsession", sa.Column("review_requested_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "interviewsession", sa.Column("review_reason", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True)
    )
    op.add_column("interviewsession", sa.Column("review_resolved_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "interviewsession", sa.Column("review_note", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True)
    )
    op.add_column("interviewsession", sa.Column("review_resolved_by", sa.Integer(), nullable=True))
    op.create_index(
        op.f("ix_interviewsession_review_requested_at"), "interviewsession", ["review_requested_at"], unique=False
    )
    op.create_foreign_key(
        "fk_interviewsession_review_resolved_by_user",
        "interviewsession",
        "user",
        ["review_resolved_by"],
        ["id"],
        ondelete="SET NULL",
    )


def downgrade() -> None:
    op.drop_constraint("fk_interviewsession_review_resolved_by_user", "interviewsession", type_="foreignkey")
    op.drop_index(op.f("ix_interviewsession_review_requested_at"), table_name="interviewsession")
    op.drop_column("interviewsession", "review_resolved_by")
    op.drop_column("interviewsession", "review_note")
    op.drop_column("interviewsession", "review_resolved_at")
    op.drop_column("interviewsession", "review_reason")
    op.drop_column("interviewsession", "review_requested_at")
    op.drop_column("interviewsession", "emotion_consent")
    op.drop_column("interviewsession", "consented_at")
    op.drop_column("interviewsession", "consent_notice_version")
    op.drop_index(op.f("ix_auditentry_session_id"), table_name="auditentry")
    op.drop_index(op.f("ix_auditentry_at"), table_name="auditentry")
    op.drop_index(op.f("ix_auditentry_actor_id"), table_name="auditentry")
    op.drop_table("auditentry")
