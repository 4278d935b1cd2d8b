"""What handlers ask for in their signatures: a DB session, the current user, a role.

Database admission: sync handlers run in AnyIO's thread pool one step at a time, while a request
keeps its connection from its first query to its end. Letting more requests at the database than
the pool holds deadlocks (threads wait in `pool.connect()` while the connection holders wait for a
thread; measured in bench/README.md). So every request that uses the database first takes one of
`pool_capacity()` slots, asynchronously, outside the thread pool; a request that cannot get one
within DB_POOL_TIMEOUT_SECONDS is answered 503. A request never takes two slots at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Annotated, NoReturn, TypeVar

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordBearer
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from interview_common.db import get_engine, pool_capacity
from interview_common.flow import InterviewError
from interview_common.models import Role, User
from interview_common.settings import get_settings
from interview_common.tokens import InvalidToken, decode_access_token

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token", auto_error=False)

T = TypeVar("T")

_slots: asyncio.Semaphore | None = None


def _admission() -> asyncio.Semaphore:
    global _slots
    if _slots is None:
        _slots = asyncio.Semaphore(pool_capacity())
    return _slots


@asynccontextmanager
async def admitted() -> AsyncIterator[None]:
    """Hold one database slot for the block; 503 with Retry-After when none frees up in time."""
    slots = _admission()
    try:
        await asyncio.wait_for(slots.acquire(), timeout=get_settings().DB_POOL_TIMEOUT_SECONDS)
    except TimeoutError:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            "The server is busy right now; try again in a few seconds.",
            headers={"Retry-After": "2"},
        ) from None
    try:
        yield
    finally:
        slots.release()


async def get_db() -> AsyncIterator[Session]:
    async with admitted():
        with Session(get_engine()) as session:
            yield session


async def run_briefly(fn: Callable[[Session], T]) -> T:
    """Run `fn` with a session of its own, in the thread pool, holding a slot only while it runs.

    For handlers that wait on something else (a worker, a stream) and must not keep a connection meanwhile.
    """

    def call() -> T:
        with Session(get_engine()) as session:
            return fn(session)

    async with admitted():
        return await run_in_threadpool(call)


SessionDep = Annotated[Session, Depends(get_db)]
TokenDep = Annotated[str | None, Depends(oauth2_scheme)]

_UNAUTHENTICATED = {"WWW-Authenticate": "Bearer"}


def user_id_from_token(token: str | None) -> int:
    if not token:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "Log in first: this needs a bearer token.", _UNAUTHENTICATED)
    try:
        return decode_access_token(token)
    except InvalidToken as exc:
        message = (
            "Your session has expired; log in again."
            if "expired" in str(exc).lower()
            else ("The access token is not valid; log in again.")
        )
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, message, _UNAUTHENTICATED) from exc


def load_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "The account for this token no longer exists.", _UNAUTHENTICATED
        )
    return user


def get_current_user(session: SessionDep, token: TokenDep) -> User:
    return load_user(session, user_id_from_token(token))


async def get_current_user_briefly(token: TokenDep) -> User:
    """The current user, read with a short session of its own (the row is detached afterwards)."""
    user_id = user_id_from_token(token)
    return await run_briefly(lambda session: load_user(session, user_id))


CurrentUser = Annotated[User, Depends(get_current_user)]
# For handlers that do not hold a request-long session (see run_briefly).
BriefUser = Annotated[User, Depends(get_current_user_briefly)]


def token_from_query(request: Request, header_token: TokenDep) -> str | None:
    """For server-sent events: EventSource cannot set headers, so `?access_token=` is accepted too."""
    return header_token or request.query_params.get("access_token")


def require_recruiter(user: CurrentUser) -> User:
    if user.role is not Role.RECRUITER:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Only recruiters may do this.")
    return user


Recruiter = Annotated[User, Depends(require_recruiter)]


def http_error(exc: InterviewError) -> NoReturn:
    """A refusal of the shared logic (flow, jobs, invitations…) as the HTTP error it names, message kept."""
    raise HTTPException(exc.status_code, exc.message) from exc
