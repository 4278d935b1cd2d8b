"""webhooks

An organisation's webhook endpoints (URL, signing secret, events) and the log of every delivery with
its attempts; a delivery goes with its interview when the candidate erases their data.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 18:36:21.829196
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "webhookendpoint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("secret", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("events", postgresql.JSONB(astext_type=sa.Text()), server_default="[]", nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["user.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_webhookendpoint_organisation_id"), "webhookendpoint", ["organisation_id"], unique=False)
    op.create_table(
        "webhookdelivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("endpoint_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("event_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("event_type", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("body", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "status",
            sa.Enum("pending", "delivered", "failed", "cancelled", name="deliverystatus", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("attempt_count", sa.Integer(), nullable=False),
        sa.Column("attempts", postgresql.JSONB(astext_type=sa.Text()), server_default="[]", nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["endpoint_id"], ["webhookendpoint.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["session_id"], ["interviewsession.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_webhookdelivery_endpoint_id"), "webhookdelivery", ["endpoint_id"], unique=False)
    op.create_index(op.f("ix_webhookdelivery_event_id"), "webhookdelivery", ["event_id"], unique=False)
    op.create_index(op.f("ix_webhookdelivery_next_attempt_at"), "webhookdelivery", ["next_attempt_at"], unique=False)
    op.create_index(op.f("ix_webhookdelivery_session_id"), "webhookdelivery", ["session_id"], unique=False)
    op.create_index(op.f("ix_webhookdelivery_status"), "webhookdelivery", ["status"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_webhookdelivery_status"), table_name="webhookdelivery")
    op.drop_index(op.f("ix_webhookdelivery_session_id"), table_name="webhookdelivery")
    op.drop_index(op.f("ix_webhookdelivery_next_attempt_at"), table_name="webhookdelivery")
    op.drop_index(op.f("ix_webhookdelivery_event_id"), table_name="webhookdelivery")
    op.drop_index(op.f("ix_webhookdelivery_endpoint_id"), table_name="webhookdelivery")
    op.drop_table("webhookdelivery")
    op.drop_index(op.f("ix_webhookendpoint_organisation_id"), table_name="webhookendpoint")
    op.drop_table("webhookendpoint")
