"""Tables of the players service. Domain packages declare their tables on this Base."""

from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass
