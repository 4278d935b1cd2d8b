"""interview engine

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 20:52:58.265339
"""

from collections.abc import Sequence

import pgvector.sqlalchemy
import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None


def upgrade() -> None:
    # Questions: how each came about, its evaluation, and embeddings for both question and answer.
    op.add_column(
        "interviewquestion",
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False, server_default="competency"),
    )
    op.add_column(
        "interviewquestion",
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False, server_default="local"),
    )
    op.add_column(
        "interviewquestion",
        sa.Column("key_terms", postgresql.JSONB(astext_type=sa.Text()), server_default="[]", nullable=False),
    )
    op.add_column("interviewquestion", sa.Column("evaluation", postgresql.JSONB(astext_type=sa.Text()), nullable=True))
    op.add_column("interviewquestion", sa.Column("evaluated_at", sa.DateTime(timezone=True), nullable=True))
    op.drop_index("ix_interviewquestion_embedding_hnsw", table_name="interviewquestion")
    op.alter_column("interviewquestion", "embedding", new_column_name="question_embedding")
    op.add_column(
        "interviewquestion",
        sa.Column("answer_embedding", pgvector.sqlalchemy.vector.VECTOR(dim=384), nullable=True),
    )
    for column in ("question_embedding", "answer_embedding"):
        op.create_index(
            f"ix_interviewquestion_{column}_hnsw",
            "interviewquestion",
            [column],
            postgresql_using="hnsw",
            postgresql_ops={column: "vector_cosine_ops"},
        )
    # Sessions: their length, and the explicit results state with the stored report.
    op.add_column("interviewsession", sa.Column("total_questions", sa.Integer(), nullable=False, server_default="5"))
    op.add_column(
        "interviewsession",
        sa.Column(
            "results_status",
            sa.Enum("pending", "processing", "ready", "failed", name="resultsstatus", native_enum=False, length=16),
            nullable=False,
            server_default="pending",
        ),
    )
    op.add_column(
        "interviewsession", sa.Column("results_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True)
    )
    op.add_column("interviewsession", sa.Column("report", postgresql.JSONB(astext_type=sa.Text()), nullable=True))
    op.add_column("interviewsession", sa.Column("overall_score", sa.Integer(), nullable=True))
    op.create_index("ix_interviewsession_overall_score", "interviewsession", ["overall_score"])
    # The server defaults only filled existing rows; the application always sets these.
    for table, column in (
        ("interviewquestion", "kind"),
        ("interviewquestion", "source"),
        ("interviewsession", "total_questions"),
        ("interviewsession", "results_status"),
    ):
        op.alter_column(table, column, server_default=None)


def downgrade() -> None:
    op.drop_index("ix_interviewsession_overall_score", table_name="interviewsession")
    for column in ("overall_score", "report", "results_reason", "results_status", "total_questions"):
        op.drop_column("interviewsession", column)
    for column in ("question_embedding", "answer_embedding"):
        op.drop_index(f"ix_interviewquestion_{column}_hnsw", table_name="interviewquestion")
    op.drop_column("interviewquestion", "answer_embedding")
    op.alter_column("interviewquestion", "question_embedding", new_column_name="embedding")
    op.create_index(
        "ix_interviewquestion_embedding_hnsw",
        "interviewquestion",
        ["embedding"],
        postgresql_using="hnsw",
        postgresql_ops={"embedding": "vector_cosine_ops"},
    )
    for column in ("evaluated_at", "evaluation", "key_terms", "source", "kind"):
        op.drop_column("interviewquestion", column)
