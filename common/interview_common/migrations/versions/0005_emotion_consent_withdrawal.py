"""emotion consent withdrawal

A candidate may withdraw the emotion-analysis opt-in during or after an interview; the time is kept.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 00:59:35.641939
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "interviewsession", sa.Column("emotion_consent_withdrawn_at", sa.DateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("interviewsession", "emotion_consent_withdrawn_at")
