"""Administrative commands. Recruiters are created here, never by self-registration.

python -m backend_core.cli create-organisation --name "오픈채용"
python -m backend_core.cli create-recruiter --username kim --full-name "김채용" --organisation "오픈채용"
(the password is read from RECRUITER_PASSWORD, or asked for on the terminal; without --organisation the
recruiter joins the organisation "Default organisation", created if missing)
python -m backend_core.cli set-organisation --username kim --organisation "오픈채용"
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
from sqlmodel import Session, select

from backend_core import account, crud
from interview_common.db import get_engine
from interview_common.hiring import Organisation
from interview_common.models import Role, UserCreate

DEFAULT_ORGANISATION = "Default organisation"


def _organisation(session: Session, name: str, *, create: bool) -> Organisation | None:
    found = session.exec(select(Organisation).where(Organisation.name == name)).first()
    if found is None and create:
        found = Organisation(name=name)
        session.add(found)
        session.commit()
        session.refresh(found)
    return found


def create_organisation(name: str) -> int:
    name = name.strip()
    if not name or len(name) > 200:
        print("error: the organisation name must be 1-200 characters", file=sys.stderr)
        return 2
    with Session(get_engine()) as session:
        if _organisation(session, name, create=False) is not None:
            print(f"error: the organisation '{name}' already exists", file=sys.stderr)
            return 1
        organisation = _organisation(session, name, create=True)
        assert organisation is not None
        print(f"created organisation '{organisation.name}' (id {organisation.id})")
    return 0


def create_recruiter(username: str, full_name: str, password: str, organisation: str | None = None) -> int:
    try:
        user_in = UserCreate(username=username, full_name=full_name, password=password)
    except ValidationError as exc:
        for err in exc.errors():
            print(f"error: {'.'.join(map(str, err['loc']))}: {err['msg']}", file=sys.stderr)
        return 2
    with Session(get_engine()) as session:
        org = _organisation(session, organisation or DEFAULT_ORGANISATION, create=organisation is None)
        if org is None:
            print(
                f"error: there is no organisation '{organisation}'; create it with create-organisation", file=sys.stderr
            )
            return 1
        try:
            user = crud.create_user(session=session, user_in=user_in, role=Role.RECRUITER)
        except crud.UsernameTaken:
            print(f"error: the username '{username}' is already taken", file=sys.stderr)
            return 1
        user.organisation_id = org.id
        session.add(user)
        session.commit()
        print(f"created recruiter '{user.username}' (id {user.id}) in organisation '{org.name}'")
    return 0


def set_organisation(username: str, organisation: str) -> int:
    with Session(get_engine()) as session:
        user = crud.get_user_by_username(session=session, username=username)
        if user is None or user.role is not Role.RECRUITER:
            print(f"error: there is no recruiter '{username}'", file=sys.stderr)
            return 1
        org = _organisation(session, organisation, create=False)
        if org is None:
            print(f"error: there is no organisation '{organisation}'", file=sys.stderr)
            return 1
        user.organisation_id = org.id
        session.add(user)
        session.commit()
    print(f"recruiter '{username}' now belongs to '{organisation}'")
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
    recruiter.add_argument("--organisation", help=f"an existing organisation (default: '{DEFAULT_ORGANISATION}')")
    organisation = commands.add_parser("create-organisation", help="create an organisation")
    organisation.add_argument("--name", required=True)
    membership = commands.add_parser("set-organisation", help="move a recruiter to another organisation")
    membership.add_argument("--username", required=True)
    membership.add_argument("--organisation", required=True)
    deletion = commands.add_parser("delete-user", help="erase an account and all its data")
    deletion.add_argument("--username", required=True)
    deletion.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")
    args = parser.parse_args(argv)
    if args.command == "delete-user":
        if not args.yes:
            print("error: erasing an account cannot be undone; add --yes to confirm", file=sys.stderr)
            return 2
        return delete_user(args.username)
    if args.command == "create-organisation":
        return create_organisation(args.name)
    if args.command == "set-organisation":
        return set_organisation(args.username, args.organisation)
    password = os.environ.get("RECRUITER_PASSWORD") or getpass.getpass("Password (8-24 characters): ")
    return create_recruiter(args.username, args.full_name, password, args.organisation)


if __name__ == "__main__":
    sys.exit(main())
