"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-25 20:36:56.698298
"""

from collections.abc import Sequence

import pgvector.sqlalchemy
import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS vector")
    op.create_table(
        "rejectedtask",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("payload", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("errors", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("request_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_rejectedtask_task_name"), "rejectedtask", ["task_name"], unique=False)
    op.create_table(
        "user",
        sa.Column("username", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("full_name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hashed_password", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("role", sa.Enum("candidate", "recruiter", name="role", native_enum=False, length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_user_username"), "user", ["username"], unique=True)
    op.create_table(
        "interviewsession",
        sa.Column("user_name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("position", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("created", "in_progress", "finished", name="sessionstatus", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_interviewsession_created_at"), "interviewsession", ["created_at"], unique=False)
    op.create_index(op.f("ix_interviewsession_status"), "interviewsession", ["status"], unique=False)
    op.create_index(op.f("ix_interviewsession_user_id"), "interviewsession", ["user_id"], unique=False)
    op.create_table(
        "interviewquestion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("order", sa.Integer(), nullable=False),
        sa.Column("question_text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("answer_text", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("embedding", pgvector.sqlalchemy.vector.VECTOR(dim=384), nullable=True),
        sa.ForeignKeyConstraint(["session_id"], ["interviewsession.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("session_id", "order", name="uq_question_session_order"),
    )
    op.create_index(op.f("ix_interviewquestion_session_id"), "interviewquestion", ["session_id"], unique=False)
    # Cosine distance is what the no-repeat check and recruiter search rank by.
    op.create_index(
        "ix_interviewquestion_embedding_hnsw",
        "interviewquestion",
        ["embedding"],
        postgresql_using="hnsw",
        postgresql_ops={"embedding": "vector_cosine_ops"},
    )


def downgrade() -> None:
    op.drop_index("ix_interviewquestion_embedding_hnsw", table_name="interviewquestion")
    op.drop_index(op.f("ix_interviewquestion_session_id"), table_name="interviewquestion")
    op.drop_table("interviewquestion")
    op.drop_index(op.f("ix_interviewsession_user_id"), table_name="interviewsession")
    op.drop_index(op.f("ix_interviewsession_status"), table_name="interviewsession")
    op.drop_index(op.f("ix_interviewsession_created_at"), table_name="interviewsession")
    op.drop_table("interviewsession")
    op.drop_index(op.f("ix_user_username"), table_name="user")
    op.drop_table("user")
    op.drop_index(op.f("ix_rejectedtask_task_name"), table_name="rejectedtask")
    op.drop_table("rejectedtask")
