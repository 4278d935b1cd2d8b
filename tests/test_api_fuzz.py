"""Property-based fuzzing of both HTTP services from their OpenAPI documents (Schemathesis).

Schemathesis generates requests from each operation's schema, valid and invalid, including NUL
characters, huge numbers and odd encodings, and checks every answer: no 5xx, the status code and
body are what the document declares (our error shape included), the content type matches, and no
answer takes longer than MAX_RESPONSE_SECONDS. It runs against the embedded stack as a candidate
(whose own interview the session-id parameters point at, so the interview routes are reached, not
only their 404s), as a recruiter, and without a token. Output per run goes to test-artifacts/fuzz/.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zlib
from pathlib import Path

import httpx
import pytest

from tests.conftest import REPO, Account, RunningStack, create_recruiter, create_session

ARTIFACTS = REPO / "test-artifacts" / "fuzz"
MAX_EXAMPLES = 40
MAX_RESPONSE_SECONDS = 10
# One worker: Schemathesis's own schema walking, run in several threads, once hit a CPython 3.11 error
# ("AST constructor recursion depth mismatch") that reads as a finding.
CHECKS = "not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance"
# The server-sent event stream stays open as long as the client listens: a fuzzer would wait on it forever.
NEVER_ENDING = "/sessions/{session_id}/events"


def schemathesis(label: str, schema_url: str, token: str | None, session_id: int | None, tmp: Path) -> int:
    """Run `st run` once; fail with its report on any finding. Returns how many test cases it sent."""
    config = tmp / f"{label}.toml"
    config.write_text(f'[parameters]\n"path.session_id" = {session_id}\n' if session_id else "")
    command = [
        str(Path(sys.executable).parent / "st"), "--config-file", str(config), "run", schema_url,
        "--checks", CHECKS, "--max-response-time", str(MAX_RESPONSE_SECONDS),
        "--max-examples", str(MAX_EXAMPLES), "--workers", "1", "--generation-allow-x00", "true",
        "--exclude-path", NEVER_ENDING, "--no-color", "--seed", "20261203", "--generation-database", "none",
    ]  # fmt: skip
    if token:
        command += ["--header", f"Authorization: Bearer {token}"]
    # An address of its own (the backend trusts X-Forwarded-For from loopback): the fuzzer's hundreds of
    # /register and /token calls fill its own rate-limit bucket, not that of the browser tests after it.
    command += ["--header", f"X-Forwarded-For: 198.19.{zlib.crc32(label.encode()) % 250}.1"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    output = done.stdout + done.stderr
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{label}.txt").write_text(output, encoding="utf-8")
    assert done.returncode == 0, f"Schemathesis ({label}) found problems:\n{output[-8000:]}"
    generated = re.search(r"(\d+) generated", output)
    assert generated, output[-2000:]
    with (ARTIFACTS / "requests.tsv").open("a", encoding="utf-8") as summary:
        summary.write(f"{label}\t{generated[1]}\n")
    return int(generated[1])


@pytest.fixture(scope="module")
def accounts(stack: RunningStack) -> tuple[Account, int, Account]:
    from tests.conftest import make_client, register

    with make_client(stack.backend_url) as client:
        candidate = register(client)
        session_id = int(create_session(client, candidate, emotion_analysis=False)["id"])
        return candidate, session_id, create_recruiter(stack, client)


@pytest.mark.parametrize("role", ["candidate", "recruiter", "anonymous"])
@pytest.mark.parametrize("service", ["backend", "media"])
def test_fuzz_finds_no_server_error_and_no_schema_violation(
    stack: RunningStack, accounts: tuple[Account, int, Account], service: str, role: str, tmp_path: Path
) -> None:
    candidate, session_id, recruiter = accounts
    token = {"candidate": candidate.token, "recruiter": recruiter.token, "anonymous": None}[role]
    base = stack.backend_url if service == "backend" else stack.media_url
    sent = schemathesis(f"{service}-{role}", f"{base}/openapi.json", token, session_id, tmp_path)
    assert sent >= MAX_EXAMPLES, f"only {sent} test cases were generated"
    # The stack is still whole afterwards.
    assert httpx.get(f"{base}/health/ready", timeout=10).status_code == 200
