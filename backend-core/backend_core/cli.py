"""Administrative commands. Recruiters are created here, never by self-registration.

python -m backend_core.cli create-recruiter --username kim --full-name "김채용"
(the password is read from RECRUITER_PASSWORD, or asked for on the terminal)
python -m backend_core.cli delete-user --username kim --yes
(erases an account and everything of it, as DELETE /users/me does; for recruiters, who cannot delete
themselves, and for erasure requests that reach an operator)
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from pydantic import ValidationError
from sqlmodel import Session

from backend_core import account, crud
from interview_common.db import get_engine
from interview_common.models import Role, UserCreate


def create_recruiter(username: str, full_name: str, password: str) -> int:
    try:
        user_in = UserCreate(username=username, full_name=full_name, password=password)
    except ValidationError as exc:
        for err in exc.errors():
            print(f"error: {'.'.join(map(str, err['loc']))}: {err['msg']}", file=sys.stderr)
        return 2
    with Session(get_engine()) as session:
        try:
            user = crud.create_user(session=session, user_in=user_in, role=Role.RECRUITER)
        except crud.UsernameTaken:
            print(f"error: the username '{username}' is already taken", file=sys.stderr)
            return 1
    print(f"created recruiter '{user.username}' (id {user.id})")
    return 0


def delete_user(username: str) -> int:
    with Session(get_engine()) as session:
        user = crud.get_user_by_username(session=session, username=username)
        if user is None or user.id is None:
            print(f"error: there is no account '{username}'", file=sys.stderr)
            return 1
        role = user.role.value
        removed = account.delete_account(session, user.id)
    counts = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in removed.items())
    print(f"deleted {role} '{username}' and {counts}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m backend_core.cli", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    recruiter = commands.add_parser("create-recruiter", help="create a recruiter account")
    recruiter.add_argument("--username", required=True)
    recruiter.add_argument("--full-name", required=True)
    deletion = commands.add_parser("delete-user", help="erase an account and all its data")
    deletion.add_argument("--username", required=True)
    deletion.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")
    args = parser.parse_args(argv)
    if args.command == "delete-user":
        if not args.yes:
            print("error: erasing an account cannot be undone; add --yes to confirm", file=sys.stderr)
            return 2
        return delete_user(args.username)
    password = os.environ.get("RECRUITER_PASSWORD") or getpass.getpass("Password (8-24 characters): ")
    return create_recruiter(args.username, args.full_name, password)


if __name__ == "__main__":
    sys.exit(main())
