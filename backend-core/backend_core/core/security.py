"""Password hashing (tokens are in interview_common.tokens, shared with the media server)."""

from __future__ import annotations

import asyncio
import os

from passlib.context import CryptContext
from starlette.concurrency import run_in_threadpool

# Argon2id: no 72-byte truncation (a 24-character Korean password is 72 bytes in UTF-8). OWASP's
# recommended minimum (19 MiB, 2 passes, 1 lane): passlib's default (64 MiB, 3 passes, 4 lanes) cost
# ~240 ms of CPU per login here and capped the whole machine at ~8 logins/s (bench/README.md).
# Hashes made with other parameters still verify and are upgraded at the next login.
_pwd_context = CryptContext(
    schemes=["argon2"],
    deprecated="auto",
    argon2__type="ID",
    argon2__memory_cost=19_456,
    argon2__rounds=2,
    argon2__parallelism=1,
)

# Verified against when the username does not exist, so both failures take the same time.
_DUMMY_HASH = _pwd_context.hash("timing-equaliser")

# Hashing is CPU-bound: more at once than there are cores only queues them inside threads (and
# memory), starving every other endpoint of the thread pool. Waiting here costs no thread.
_hash_slots: asyncio.Semaphore | None = None


def _slots() -> asyncio.Semaphore:
    global _hash_slots
    if _hash_slots is None:
        _hash_slots = asyncio.Semaphore(max(1, os.cpu_count() or 1))
    return _hash_slots


def hash_password(password: str) -> str:
    return _pwd_context.hash(password)


def verify_password(password: str, hashed: str | None) -> bool:
    if hashed is None:
        _pwd_context.verify(password, _DUMMY_HASH)
        return False
    return _pwd_context.verify(password, hashed)


def verify_and_update(password: str, hashed: str | None) -> tuple[bool, str | None]:
    """(matches, a new hash when the stored one uses outdated parameters)."""
    if hashed is None:
        _pwd_context.verify(password, _DUMMY_HASH)
        return False, None
    return _pwd_context.verify_and_update(password, hashed)


async def hash_password_async(password: str) -> str:
    async with _slots():
        return await run_in_threadpool(hash_password, password)


async def verify_and_update_async(password: str, hashed: str | None) -> tuple[bool, str | None]:
    async with _slots():
        return await run_in_threadpool(verify_and_update, password, hashed)
