"""The fair-play client registry: machines running the client, by ip, expiring unless renewed."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Float, String, delete
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from argus.core.upsert import upsert
from services.players.models import Base
from services.players.reputation.verdicts import verdicts_for

# A client whose account carries one of these MAC verdicts counts as having incidents.
CHEATER_VERDICTS = frozenset({"Cheater", "Convict"})


class FairPlayClient(Base):
    __tablename__ = "reputation_clients"

    client_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    ip: Mapped[str] = mapped_column(String(64), index=True)
    account_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # SHA-256 of the client token issued at the last registration (never the token itself).
    token_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    registered_at: Mapped[float] = mapped_column(Float)
    expires_at: Mapped[float] = mapped_column(Float, index=True)


async def register(
    session: AsyncSession,
    *,
    client_id: str,
    ip: str,
    account_id: str | None,
    token_hash: str,
    now: float,
    expires_at: float,
) -> None:
    """Create or renew a registration; a renewal may move the client to a new ip and always
    replaces its token."""
    values = {
        "client_id": client_id,
        "ip": ip,
        "account_id": account_id,
        "token_hash": token_hash,
        "registered_at": now,
        "expires_at": expires_at,
    }
    await session.execute(upsert(session, FairPlayClient, values, keys=("client_id",)))


async def get(session: AsyncSession, client_id: str, *, now: float) -> FairPlayClient | None:
    """The live registration of `client_id`, if any."""
    row = await session.get(FairPlayClient, client_id)
    if row is None or row.expires_at <= now:
        return None
    return row


async def delete_expired(session: AsyncSession, *, now: float) -> int:
    """Forget registrations that were not renewed in time; returns how many."""
    result = await session.execute(delete(FairPlayClient).where(FairPlayClient.expires_at <= now))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def flagged_accounts(session: AsyncSession, account_ids: Iterable[str]) -> set[str]:
    """The accounts among `account_ids` whose MAC verdict marks them as cheaters."""
    verdicts = await verdicts_for(session, account_ids)
    return {account for account, verdict in verdicts.items() if verdict in CHEATER_VERDICTS}
