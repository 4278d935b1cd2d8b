"""hiring workflow

Organisations, jobs, invitations and the email outbox; sessions may belong to a job (its rules
copied), questions record their competency, when they were shown and whether time ran out. Every
existing recruiter moves into a default organisation; existing sessions keep no job and stay valid.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 17:50:04.885389
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_organisation_name"), "organisation", ["name"], unique=True)
    op.create_table(
        "job",
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column(
            "family",
            sa.Enum(
                "backend",
                "frontend",
                "data_ml",
                "mobile",
                "devops",
                "pm",
                "design",
                "general",
                name="family",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("competencies", postgresql.JSONB(astext_type=sa.Text()), server_default="[]", nullable=False),
        sa.Column("questions", sa.Integer(), nullable=False),
        sa.Column("answer_time_limit_s", sa.Integer(), nullable=True),
        sa.Column("prep_time_s", sa.Integer(), nullable=True),
        sa.Column(
            "voice_mode",
            sa.Enum("required", "allowed", "off", name="voicemode", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("emotion_analysis_offered", sa.Boolean(), nullable=False),
        sa.Column("deadline", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.Enum("open", "closed", name="jobstatus", native_enum=False, length=16), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["created_by"], ["user.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_job_created_at"), "job", ["created_at"], unique=False)
    op.create_index(op.f("ix_job_organisation_id"), "job", ["organisation_id"], unique=False)
    op.create_index(op.f("ix_job_status"), "job", ["status"], unique=False)
    op.create_table(
        "invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
        sa.Column("token_nonce", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("multi_use", sa.Boolean(), nullable=False),
        sa.Column("max_uses", sa.Integer(), nullable=True),
        sa.Column("uses", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "sent",
                "opened",
                "started",
                "completed",
                "expired",
                "revoked",
                name="invitationstatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["candidate_id"], ["user.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["created_by"], ["user.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["job_id"], ["job.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_invitation_candidate_id"), "invitation", ["candidate_id"], unique=False)
    op.create_index(op.f("ix_invitation_job_id"), "invitation", ["job_id"], unique=False)
    op.create_index(op.f("ix_invitation_token_hash"), "invitation", ["token_hash"], unique=True)
    op.create_table(
        "outboxmessage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("invitation_id", sa.Integer(), nullable=True),
        sa.Column("to_address", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column(
            "kind", sa.Enum("invitation", "reminder", name="mailkind", native_enum=False, length=16), nullable=False
        ),
        sa.Column(
            "status",
            sa.Enum("pending", "sent", "outboxed", "failed", name="mailstatus", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("error", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["invitation_id"], ["invitation.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_outboxmessage_created_at"), "outboxmessage", ["created_at"], unique=False)
    op.create_index(op.f("ix_outboxmessage_invitation_id"), "outboxmessage", ["invitation_id"], unique=False)
    op.create_index(op.f("ix_outboxmessage_organisation_id"), "outboxmessage", ["organisation_id"], unique=False)
    op.add_column(
        "interviewquestion", sa.Column("competency", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
    )
    op.add_column("interviewquestion", sa.Column("shown_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("interviewquestion", sa.Column("timed_out", sa.Boolean(), server_default="false", nullable=False))
    op.add_column("interviewsession", sa.Column("job_id", sa.Integer(), nullable=True))
    op.add_column("interviewsession", sa.Column("invitation_id", sa.Integer(), nullable=True))
    op.add_column("interviewsession", sa.Column("answer_time_limit_s", sa.Integer(), nullable=True))
    op.add_column("interviewsession", sa.Column("prep_time_s", sa.Integer(), nullable=True))
    op.add_column(
        "interviewsession", sa.Column("voice_mode", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True)
    )
    op.add_column("interviewsession", sa.Column("decision", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
    op.add_column(
        "interviewsession", sa.Column("decision_note", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True)
    )
    op.add_column("interviewsession", sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("interviewsession", sa.Column("decided_by", sa.Integer(), nullable=True))
    op.create_index(op.f("ix_interviewsession_decision"), "interviewsession", ["decision"], unique=False)
    op.create_index(op.f("ix_interviewsession_job_id"), "interviewsession", ["job_id"], unique=False)
    op.create_foreign_key(
        "fk_interviewsession_decided_by_user", "interviewsession", "user", ["decided_by"], ["id"], ondelete="SET NULL"
    )
    op.create_foreign_key(
        "fk_interviewsession_job_id_job", "interviewsession", "job", ["job_id"], ["id"], ondelete="SET NULL"
    )
    op.create_foreign_key(
        "fk_interviewsession_invitation_id_invitation",
        "interviewsession",
        "invitation",
        ["invitation_id"],
        ["id"],
        ondelete="SET NULL",
    )
    op.add_column("user", sa.Column("organisation_id", sa.Integer(), nullable=True))
    op.create_index(op.f("ix_user_organisation_id"), "user", ["organisation_id"], unique=False)
    op.create_foreign_key(
        "fk_user_organisation_id_organisation", "user", "organisation", ["organisation_id"], ["id"], ondelete="SET NULL"
    )
    # Recruiters who existed before organisations keep seeing what they saw: they form the default one.
    op.execute(
        "INSERT INTO organisation (name, created_at) SELECT 'Default organisation', now() "
        "WHERE EXISTS (SELECT 1 FROM \"user\" WHERE role = 'recruiter')"
    )
    op.execute(
        "UPDATE \"user\" SET organisation_id = (SELECT id FROM organisation WHERE name = 'Default organisation') "
        "WHERE role = 'recruiter'"
    )


def downgrade() -> None:
    op.drop_constraint("fk_user_organisation_id_organisation", "user", type_="foreignkey")
    op.drop_index(op.f("ix_user_organisation_id"), table_name="user")
    op.drop_column("user", "organisation_id")
    op.drop_constraint("fk_interviewsession_invitation_id_invitation", "interviewsession", type_="foreignkey")
    op.drop_constraint("fk_interviewsession_job_id_job", "interviewsession", type_="foreignkey")
    op.drop_constraint("fk_interviewsession_decided_by_user", "interviewsession", type_="foreignkey")
    op.drop_index(op.f("ix_interviewsession_job_id"), table_name="interviewsession")
    op.drop_index(op.f("ix_interviewsession_decision"), table_name="interviewsession")
    op.drop_column("interviewsession", "decided_by")
    op.drop_column("interviewsession", "decided_at")
    op.drop_column("interviewsession", "decision_note")
    op.drop_column("interviewsession", "decision")
    op.drop_column("interviewsession", "voice_mode")
    op.drop_column("interviewsession", "prep_time_s")
    op.drop_column("interviewsession", "answer_time_limit_s")
    op.drop_column("interviewsession", "invitation_id")
    op.drop_column("interviewsession", "job_id")
    op.drop_column("interviewquestion", "timed_out")
    op.drop_column("interviewquestion", "shown_at")
    op.drop_column("interviewquestion", "competency")
    op.drop_index(op.f("ix_outboxmessage_organisation_id"), table_name="outboxmessage")
    op.drop_index(op.f("ix_outboxmessage_invitation_id"), table_name="outboxmessage")
    op.drop_index(op.f("ix_outboxmessage_created_at"), table_name="outboxmessage")
    op.drop_table("outboxmessage")
    op.drop_index(op.f("ix_invitation_token_hash"), table_name="invitation")
    op.drop_index(op.f("ix_invitation_job_id"), table_name="invitation")
    op.drop_index(op.f("ix_invitation_candidate_id"), table_name="invitation")
    op.drop_table("invitation")
    op.drop_index(op.f("ix_job_status"), table_name="job")
    op.drop_index(op.f("ix_job_organisation_id"), table_name="job")
    op.drop_index(op.f("ix_job_created_at"), table_name="job")
    op.drop_table("job")
    op.drop_index(op.f("ix_organisation_name"), table_name="organisation")
    op.drop_table("organisation")
