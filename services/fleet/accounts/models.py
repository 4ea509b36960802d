"""Tables of accounts: users, trucks and the devices bound to them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, String, func, true
from sqlalchemy.orm import Mapped, mapped_column

from services.fleet.models import Base, Id


class User(Base):
    __tablename__ = "fleet_users"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    username: Mapped[str] = mapped_column(String(150), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    email: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class Truck(Base):
    __tablename__ = "fleet_trucks"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(String(150))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class Device(Base):
    __tablename__ = "fleet_devices"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    mac: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(150))
    truck_id: Mapped[int] = mapped_column(ForeignKey("fleet_trucks.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    # False while an admin has not approved it (registration mode `approval`).
    approved: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
