"""Administrative subcommands: `argus user create` adds a fleet API user."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys

from argus.core.errors import ArgusError


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register `argus user create`."""
    user = commands.add_parser("user", help="manage users of the fleet API (ServerAPI)")
    actions = user.add_subparsers(dest="action", required=True)
    create = actions.add_parser(
        "create",
        help="create a user in the fleet database (ARGUS_FLEET_DATABASE_URL or the data dir)",
    )
    create.add_argument("--username", required=True)
    create.add_argument("--role", choices=("admin", "operator", "viewer"), default="viewer")
    create.add_argument("--email", default="")
    create.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of stdin instead of prompting",
    )
    create.set_defaults(handler=create_user)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass("password: ")
    if getpass.getpass("again: ") != password:
        raise SystemExit("the passwords differ")
    return password


def create_user(args: argparse.Namespace) -> int:
    """Create one user; prints its id. Exit status 1 when refused."""
    password = _read_password(args.password_stdin)
    try:
        user_id = asyncio.run(_create(args.username, password, args.role, args.email))
    except ArgusError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    print(f"created user {args.username!r} (id {user_id}, role {args.role})")
    return 0


async def _create(username: str, password: str, role: str, email: str) -> int:
    from argus.core.db import Database
    from services.fleet.context import MIGRATIONS, FleetContext
    from services.fleet.domain.accounts import UserFields
    from services.fleet.settings import FleetSettings

    settings = FleetSettings()
    database = await Database.open(
        settings.database_url, MIGRATIONS, schema=settings.fleet_database_schema
    )
    try:
        accounts = FleetContext.create(settings, database).accounts
        user = await accounts.create_user(UserFields(username, password, role, email))
        return user.id
    finally:
        await database.close()
