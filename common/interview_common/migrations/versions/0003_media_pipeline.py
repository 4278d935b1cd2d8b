"""media pipeline

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 21:18:38.621625
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "answeraudio",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("wav", sa.LargeBinary(), nullable=False),
        sa.Column("duration_s", sa.Float(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["question_id"], ["interviewquestion.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["session_id"], ["interviewsession.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_answeraudio_question_id"), "answeraudio", ["question_id"], unique=False)
    op.create_index(op.f("ix_answeraudio_session_id"), "answeraudio", ["session_id"], unique=False)
    op.create_table(
        "emotionsample",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=True),
        sa.Column("captured_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("faces_found", sa.Integer(), nullable=False),
        sa.Column("dominant", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("probabilities", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("face_box", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("backend", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["question_id"], ["interviewquestion.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["session_id"], ["interviewsession.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_emotionsample_captured_at"), "emotionsample", ["captured_at"], unique=False)
    op.create_index(op.f("ix_emotionsample_question_id"), "emotionsample", ["question_id"], unique=False)
    op.create_index(op.f("ix_emotionsample_session_id"), "emotionsample", ["session_id"], unique=False)
    op.add_column(
        "interviewquestion", sa.Column("answer_source", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True)
    )
    op.add_column("interviewquestion", sa.Column("transcript", sqlmodel.sql.sqltypes.AutoString(), nullable=True))


def downgrade() -> None:
    op.drop_column("interviewquestion", "transcript")
    op.drop_column("interviewquestion", "answer_source")
    op.drop_index(op.f("ix_emotionsample_session_id"), table_name="emotionsample")
    op.drop_index(op.f("ix_emotionsample_question_id"), table_name="emotionsample")
    op.drop_index(op.f("ix_emotionsample_captured_at"), table_name="emotionsample")
    op.drop_table("emotionsample")
    op.drop_index(op.f("ix_answeraudio_session_id"), table_name="answeraudio")
    op.drop_index(op.f("ix_answeraudio_question_id"), table_name="answeraudio")
    op.drop_table("answeraudio")
