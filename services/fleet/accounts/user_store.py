"""Users of the fleet API."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from argus.core.db import inserted
from services.fleet.accounts.models import User


async def create(
    *, session: AsyncSession, username: str, password_hash: str, role: str, email: str = ""
) -> User:
    user = User(username=username, password_hash=password_hash, role=role, email=email)
    return await inserted(session, user)


async def get(*, session: AsyncSession, user_id: int) -> User | None:
    return await session.get(User, user_id)


async def get_by_username(*, session: AsyncSession, username: str) -> User | None:
    return await session.scalar(select(User).where(User.username == username))


async def count(*, session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(User)) or 0)
