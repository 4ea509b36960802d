"""Users and devices: login, registration, tokens, and who a token belongs to."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from argus.core.errors import AlreadyExists, InvalidArgument, NotFound, Unauthenticated
from argus.core.limits import check_text, excerpt
from services.fleet.accounts import device_store as devices
from services.fleet.accounts import metrics
from services.fleet.accounts import truck_store as trucks
from services.fleet.accounts import user_store as users
from services.fleet.accounts.auth import (
    Kind,
    Passwords,
    Role,
    Subject,
    Tokens,
    parse_role,
    same_text,
)
from services.fleet.accounts.caller import Caller
from services.fleet.accounts.caller_cache import CallerCache
from services.fleet.accounts.enrollment import Enrollment, normalize_mac
from services.fleet.accounts.models import Device, User
from services.fleet.models import column_width

log = logging.getLogger("argus.fleet.accounts")

_USERNAME = re.compile(r"^[\w.@+-]{1,150}\Z")
_MIN_PASSWORD = 8
# Text limits are the widths of the columns that store the text.
_MAX_USERNAME = column_width(User.username)
_MAX_EMAIL = column_width(User.email)
_MAX_DEVICE_NAME = column_width(Device.name)
# Passwords are hashed, never stored; a bound keeps hashing cheap.
_MAX_PASSWORD = 1024


@dataclass(frozen=True)
class Issued:
    """A token handed out, with the id of its holder (and the truck, for devices)."""

    id: int
    token: str
    expires_at: datetime
    truck_id: int = 0
    # Devices only: waiting for an admin's approval.
    pending: bool = False


@dataclass(frozen=True)
class UserFields:
    """Fields of a user to create or change; empty strings leave a field unchanged."""

    username: str = ""
    password: str = ""
    role: str = ""
    email: str = ""


def _check_username(username: str) -> str:
    if not _USERNAME.match(username):
        raise InvalidArgument(
            "username: 1-150 letters, digits or . @ + - _", reason="INVALID_USERNAME"
        )
    return username


def _check_password(password: str) -> str:
    check_text(password, "password", max_length=_MAX_PASSWORD)
    if len(password) < _MIN_PASSWORD:
        raise InvalidArgument(
            f"password: at least {_MIN_PASSWORD} characters", reason="INVALID_PASSWORD"
        )
    return password


def _refuse(reason: str, message: str) -> Unauthenticated:
    metrics.AUTH_FAILURES.labels(reason).inc()
    return Unauthenticated(message, reason=reason)


class AccountsDomain:
    """Who may call, and the tokens that prove it."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        tokens: Tokens,
        passwords: Passwords,
        enrollment: Enrollment | None = None,
        callers: CallerCache | None = None,
    ) -> None:
        self.sessions = sessions
        self.tokens = tokens
        self.passwords = passwords
        self.enrollment = enrollment or Enrollment()
        # Off unless given: every caller read from the database.
        self.callers = callers or CallerCache(0)

    async def authenticate(self, token: str, *, username: str = "") -> Caller:
        """The caller a token belongs to; `username`, when given, must be the token's user."""
        if not token:
            raise _refuse("TOKEN_MISSING", "a token is required")
        caller = self.callers.get(token)
        if caller is None:
            caller = await self._read_caller(token)
        if username and caller.kind is Kind.USER and not same_text(username, caller.username):
            raise _refuse("USERNAME_MISMATCH", "the token does not belong to this username")
        return caller

    async def _read_caller(self, token: str) -> Caller:
        """The caller of a token from the database; remembered for a few seconds."""
        try:
            subject = self.tokens.subject(token)
        except Unauthenticated as exc:
            metrics.AUTH_FAILURES.labels(exc.reason).inc()
            raise
        generation = self.callers.generation
        caller = await self._caller_of(subject)
        self.callers.put(token, caller, token_expires=subject.expires_at, generation=generation)
        return caller

    async def _caller_of(self, subject: Subject) -> Caller:
        async with self.sessions() as session:
            if subject.kind is Kind.DEVICE:
                device = await devices.get(session=session, device_id=subject.id)
                if device is None:
                    raise _refuse("UNKNOWN_SUBJECT", "invalid token")
                return Caller(
                    Kind.DEVICE, device.id, truck_id=device.truck_id, approved=device.approved
                )
            user = await users.get(session=session, user_id=subject.id)
        if user is None:
            raise _refuse("UNKNOWN_SUBJECT", "invalid token")
        return Caller(Kind.USER, user.id, role=user.role, username=user.username)

    def _issue_user(self, user: User) -> Issued:
        token, expires = self.tokens.issue(Subject(Kind.USER, user.id))
        return Issued(id=user.id, token=token, expires_at=expires)

    async def login(self, *, username: str, password: str) -> Issued:
        check_text(username, "username", max_length=_MAX_USERNAME)
        check_text(password, "password", max_length=_MAX_PASSWORD)
        async with self.sessions() as session:
            user = await users.get_by_username(session=session, username=username)
        stored = user.password_hash if user else None
        if not await self.passwords.verify(stored, password) or user is None:
            raise _refuse("BAD_CREDENTIALS", "wrong username or password")
        return self._issue_user(user)

    async def create_user(self, fields: UserFields) -> User:
        """A new user (no caller check: admins through `register_user`, or the CLI)."""
        role = parse_role(fields.role or Role.VIEWER)
        username = _check_username(fields.username)
        email = check_text(fields.email, "email", max_length=_MAX_EMAIL)
        password_hash = await self.passwords.hash(_check_password(fields.password))
        exists = AlreadyExists(f"user {excerpt(username)} exists", reason="USER_EXISTS")
        async with self.sessions() as session, session.begin():
            if await users.get_by_username(session=session, username=username):
                raise exists
            try:
                return await users.create(
                    session=session,
                    username=username,
                    password_hash=password_hash,
                    role=role,
                    email=email,
                )
            except IntegrityError:
                raise exists from None

    async def register_user(self, caller: Caller, fields: UserFields) -> Issued:
        """Only admins register users; the answer carries the new user's token."""
        caller.as_user(Role.ADMIN)
        user = await self.create_user(fields)
        log.info("user registered", extra={"user_id": user.id, "role": user.role})
        return self._issue_user(user)

    async def update_user(self, caller: Caller, fields: UserFields) -> Issued:
        """Change an account and hand out a fresh token for it.

        Operators and admins change their own account; an admin naming another existing
        user changes that one (its role too). Viewers only read.
        """
        caller.as_user(Role.ADMIN, Role.OPERATOR)
        try:
            async with self.sessions() as session, session.begin():
                user = await self._update_target(session, caller, fields.username)
                await self._apply(session, caller, user, fields)
        except IntegrityError:  # a concurrent update took the new username first
            raise AlreadyExists(
                f"user {excerpt(fields.username)} exists", reason="USER_EXISTS"
            ) from None
        finally:
            self.callers.clear()  # a role or a name changed: no cached caller keeps the old
        return self._issue_user(user)

    async def _update_target(self, session: AsyncSession, caller: Caller, name: str) -> User:
        if caller.role == Role.ADMIN and name:
            named = await users.get_by_username(session=session, username=name)
            if named is not None:
                return named
        user = await users.get(session=session, user_id=caller.id)
        if user is None:
            raise _refuse("UNKNOWN_SUBJECT", "invalid token")
        return user

    async def _apply(
        self, session: AsyncSession, caller: Caller, user: User, fields: UserFields
    ) -> None:
        if fields.username and fields.username != user.username:
            if await users.get_by_username(session=session, username=fields.username):
                raise AlreadyExists(f"user {excerpt(fields.username)} exists", reason="USER_EXISTS")
            user.username = _check_username(fields.username)
        if fields.password:
            user.password_hash = await self.passwords.hash(_check_password(fields.password))
        if fields.email:
            user.email = check_text(fields.email, "email", max_length=_MAX_EMAIL)
        if fields.role and parse_role(fields.role) != user.role:
            caller.as_user(Role.ADMIN)
            user.role = parse_role(fields.role)
        await session.flush()

    async def ensure_admin(self, *, username: str, password: str) -> User | None:
        """Create the first admin when there is no user at all; None when users exist."""
        async with self.sessions() as session:
            if await users.count(session=session):
                return None
        try:
            user = await self.create_user(UserFields(username, password, Role.ADMIN))
        except AlreadyExists:
            return None
        log.info("first admin created", extra={"user_id": user.id})
        return user

    async def register_device(
        self, *, mac: str, password: str, name: str, enrollment_secret: str = ""
    ) -> Issued:
        """A new device gets a new truck (if the registration mode lets it in); a known mac
        with its password gets a fresh token."""
        mac = normalize_mac(mac)
        name = check_text(name.strip(), "name", max_length=_MAX_DEVICE_NAME)
        for attempt in range(2):
            try:
                device = await self._register_device(mac, password, name, enrollment_secret)
                break
            except IntegrityError:
                if attempt:  # a concurrent registration of the same mac won: retry as known
                    raise
        token, expires = self.tokens.issue(Subject(Kind.DEVICE, device.id))
        return Issued(
            id=device.id,
            token=token,
            expires_at=expires,
            truck_id=device.truck_id,
            pending=not device.approved,
        )

    async def approve_device(self, caller: Caller, *, mac: str) -> Issued:
        """An admin lets a pending device open alerts and send frames."""
        caller.as_user(Role.ADMIN)
        mac = normalize_mac(mac)
        async with self.sessions() as session, session.begin():
            device = await devices.get_by_mac(session=session, mac=mac)
            if device is None:
                raise NotFound(f"no device with mac {mac}", reason="DEVICE_NOT_FOUND")
            device.approved = True
        self.callers.clear()
        log.info("device approved", extra={"device_id": device.id})
        return Issued(device.id, token="", expires_at=datetime.now(UTC), truck_id=device.truck_id)

    async def _register_device(self, mac: str, password: str, name: str, secret: str) -> Device:
        async with self.sessions() as session, session.begin():
            device = await devices.get_by_mac(session=session, mac=mac)
            if device is None:
                approved = self.enrollment.admit(secret)
                truck = await trucks.create(session=session, name=name or mac)
                device = await devices.create(
                    session=session,
                    mac=mac,
                    password_hash=await self.passwords.hash(_check_device_password(password)),
                    name=name or mac,
                    truck_id=truck.id,
                    approved=approved,
                )
                metrics.DEVICES_REGISTERED.labels("new").inc()
                return device
            if not await self.passwords.verify(device.password_hash, password):
                raise _refuse("BAD_CREDENTIALS", "wrong password for this device")
            if name and name != device.name:
                device.name = name
                renamed = await trucks.get(session=session, truck_id=device.truck_id)
                if renamed is not None:
                    renamed.name = name
            metrics.DEVICES_REGISTERED.labels("renewed").inc()
            return device


def _check_device_password(password: str) -> str:
    check_text(password, "password", max_length=_MAX_PASSWORD)
    if not password:
        raise InvalidArgument("password: required", reason="INVALID_PASSWORD")
    return password
