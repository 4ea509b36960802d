"""Fleet's administrative subcommands, which the `argus` CLI dispatches to: `argus user create`
adds a fleet API user; `argus device approve <mac>` lets a pending device work.

The fleet modules load only when a command runs, so `argus --help` stays quick."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from argus.core.errors import ArgusError

if TYPE_CHECKING:
    from services.fleet.accounts.service import AccountsDomain


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register `argus user create` and `argus device approve`."""
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
    device = commands.add_parser("device", help="manage devices of the fleet API")
    device_actions = device.add_subparsers(dest="action", required=True)
    approve = device_actions.add_parser(
        "approve", help="let a pending device open alerts and send frames (mode approval)"
    )
    approve.add_argument("mac")
    approve.set_defaults(handler=approve_device)


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
    from services.fleet.accounts.service import UserFields

    async with _accounts() as accounts:
        user = await accounts.create_user(UserFields(username, password, role, email))
        return user.id


def approve_device(args: argparse.Namespace) -> int:
    """Approve one device by its mac. Exit status 1 when refused."""
    try:
        device_id = asyncio.run(_approve(args.mac))
    except ArgusError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    print(f"approved device {args.mac} (id {device_id})")
    return 0


async def _approve(mac: str) -> int:
    from services.fleet.accounts.auth import Kind, Role
    from services.fleet.accounts.caller import Caller

    async with _accounts() as accounts:
        console = Caller(Kind.USER, 0, role=Role.ADMIN, username="console")
        return (await accounts.approve_device(console, mac=mac)).id


@asynccontextmanager
async def _accounts() -> AsyncIterator[AccountsDomain]:
    """The fleet accounts of the configured database (ARGUS_FLEET_DATABASE_URL or data dir)."""
    from argus.core.db import Database
    from services.fleet.context import MIGRATIONS, FleetContext
    from services.fleet.settings import FleetSettings

    settings = FleetSettings()
    database = await Database.open(
        settings.database_url, MIGRATIONS, schema=settings.fleet_database_schema
    )
    try:
        context = FleetContext.create(settings, database)
        yield context.accounts
        await context.stop()
    finally:
        await database.close()
