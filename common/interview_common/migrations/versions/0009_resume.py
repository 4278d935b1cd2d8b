"""resume

A candidate's résumé (its text, not the file), its passages embedded for retrieval, and the passage a
grounded question cites.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 21:08:28.435838
"""

from collections.abc import Sequence

import pgvector.sqlalchemy
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "resume",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("filename", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("media_type", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("notice_version", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_resume_user_id"), "resume", ["user_id"], unique=True)
    op.create_table(
        "resumepassage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resume_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("section", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("heading", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("embedding", pgvector.sqlalchemy.vector.VECTOR(dim=384), nullable=False),
        sa.ForeignKeyConstraint(["resume_id"], ["resume.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_resumepassage_embedding_hnsw",
        "resumepassage",
        ["embedding"],
        unique=False,
        postgresql_using="hnsw",
        postgresql_ops={"embedding": "vector_cosine_ops"},
    )
    op.create_index(op.f("ix_resumepassage_resume_id"), "resumepassage", ["resume_id"], unique=False)
    op.add_column("interviewquestion", sa.Column("resume_passage_id", sa.Integer(), nullable=True))
    op.create_index(
        op.f("ix_interviewquestion_resume_passage_id"), "interviewquestion", ["resume_passage_id"], unique=False
    )
    op.create_foreign_key(
        "fk_interviewquestion_resume_passage_id",
        "interviewquestion",
        "resumepassage",
        ["resume_passage_id"],
        ["id"],
        ondelete="SET NULL",
    )


def downgrade() -> None:
    op.drop_constraint("fk_interviewquestion_resume_passage_id", "interviewquestion", type_="foreignkey")
    op.drop_index(op.f("ix_interviewquestion_resume_passage_id"), table_name="interviewquestion")
    op.drop_column("interviewquestion", "resume_passage_id")
    op.drop_index(op.f("ix_resumepassage_resume_id"), table_name="resumepassage")
    op.drop_index(
        "ix_resumepassage_embedding_hnsw",
        table_name="resumepassage",
        postgresql_using="hnsw",
        postgresql_ops={"embedding": "vector_cosine_ops"},
    )
    op.drop_table("resumepassage")
    op.drop_index(op.f("ix_resume_user_id"), table_name="resume")
    op.drop_table("resume")
