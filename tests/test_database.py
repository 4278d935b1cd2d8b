"""The database the migrations build: the tables the original system named, and models in step."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import Engine, inspect, text

from tests.conftest import REPO, RunningStack


def test_migrations_create_the_original_tables_with_pgvector(db: Engine) -> None:
    tables = set(inspect(db).get_table_names())
    assert {"user", "interviewsession", "interviewquestion", "rejectedtask", "alembic_version"} <= tables
    with db.connect() as conn:
        assert conn.execute(text("SELECT extversion FROM pg_extension WHERE extname = 'vector'")).scalar()
        for column in ("question_embedding", "answer_embedding"):
            column_type = conn.execute(
                text(
                    "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                    "WHERE attrelid = 'interviewquestion'::regclass AND attname = :c"
                ),
                {"c": column},
            ).scalar()
            assert column_type == "vector(384)", column
            index = conn.execute(
                text("SELECT indexdef FROM pg_indexes WHERE indexname = :i"),
                {"i": f"ix_interviewquestion_{column}_hnsw"},
            ).scalar()
            assert "hnsw" in index, column
            assert "vector_cosine_ops" in index, column


def test_models_and_migrations_agree(stack: RunningStack) -> None:
    """`alembic check` fails when a table model changed without a migration."""
    result = subprocess.run(
        [sys.executable, "-m", "alembic", "-c", "common/interview_common/alembic.ini", "check"],
        cwd=REPO,
        env={**os.environ, "DATABASE_URL": stack.database_url},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No new upgrade operations detected" in result.stdout + result.stderr


def test_integrity_constraints_hold(db: Engine) -> None:
    with db.connect() as conn:
        fks = conn.execute(
            text(
                "SELECT conrelid::regclass::text, confdeltype FROM pg_constraint "
                "WHERE contype = 'f' AND conrelid::regclass::text IN ('interviewsession', 'interviewquestion')"
            )
        ).all()
        uniques = conn.execute(
            text("SELECT indexdef FROM pg_indexes WHERE tablename IN ('user', 'interviewquestion')")
        ).scalars()
        defs = " ".join(uniques)
    # ON DELETE CASCADE from the owner; SET NULL from the recruiter who resolved a human-review request or
    # decided, from the job and from the invitation (an interview outlives them), and from the résumé
    # passage a question cites (the question outlives a deleted résumé).
    assert (
        sorted(fks)
        == [("interviewquestion", "c"), ("interviewquestion", "n"), ("interviewsession", "c")]
        + [("interviewsession", "n")] * 4
    )
    assert "UNIQUE INDEX ix_user_username" in defs
    assert "UNIQUE INDEX uq_question_session_order" in defs
