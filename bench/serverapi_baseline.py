"""The baseline bench_perf.py measures Argus against: the work the original ServerAPI did per
request, as a plain WSGI app (no framework) on a threaded stdlib WSGI server, SQLAlchemy's
ORM on a SQLite file.

- `POST /api/v1/log/`: decode the device's JWT, read the device, read the alert, decode the
  base64 frame, one ORM insert and a commit.
- `GET /api/v1/alert/`: decode the user's JWT, read the user, then one page the way
  Flask-SQLAlchemy's `paginate` does it (a COUNT of the filtered query, then LIMIT/OFFSET).

It is not the original (the project cannot ship that); it is the same work, close enough to
compare CPU per request and requests per second on the same machine in the same run.

    python bench/serverapi_baseline.py --database PATH --port PORT --secret S --alerts N
"""

from __future__ import annotations

import argparse
import base64
import json
import sqlite3
import threading
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import jwt
from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    create_engine,
    event,
    func,
    select,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

BEHAVIORS = ["Safe", "Unsafe", "Eating/Drinking", "Single Hand", "Tamper"]
PER_PAGE = 20


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "user"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)


class Jetson(Base):
    __tablename__ = "jetson"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mac: Mapped[str] = mapped_column(String(17), unique=True)
    truck_id: Mapped[int] = mapped_column(Integer)


class Alert(Base):
    __tablename__ = "alert"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    truck_id: Mapped[int] = mapped_column(Integer, index=True)
    behavior: Mapped[str] = mapped_column(String(32))
    alert_init: Mapped[datetime] = mapped_column(DateTime)
    alert_end: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    started: Mapped[bool] = mapped_column(Boolean, default=True)


class Log(Base):
    __tablename__ = "log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alert.id"))
    frame_index: Mapped[int] = mapped_column(Integer, default=0)
    frame_timestamp: Mapped[datetime] = mapped_column(DateTime)
    frame: Mapped[bytes] = mapped_column(LargeBinary)


class Refused(Exception):
    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status


def frame_bytes(text: str) -> bytes:
    if text.startswith("b'") and text.endswith("'"):
        text = text[2:-1]
    return base64.b64decode(text, validate=True)


class ServerApi:
    def __init__(self, database: str, secret: str) -> None:
        engine = create_engine(f"sqlite:///{database}", connect_args={"timeout": 30})
        # The same journal as Argus (WAL, synchronous NORMAL): the baseline is not handicapped.
        event.listen(engine, "connect", _pragmas)
        Base.metadata.create_all(engine)
        self.sessions = sessionmaker(engine)
        self.secret = secret

    def subject(self, token: str) -> tuple[str, int]:
        try:
            claims = jwt.decode(token, self.secret, algorithms=["HS256"])
        except jwt.InvalidTokenError:
            raise Refused("401 Unauthorized", "invalid token") from None
        kind, _, raw = str(claims["sub"]).partition(":")
        return kind, int(raw)

    def add_frame(self, body: dict[str, Any]) -> dict[str, Any]:
        kind, subject = self.subject(body["token"])
        with self.sessions() as session:
            device = session.get(Jetson, subject) if kind == "device" else None
            alert = session.get(Alert, int(body["alert_id"]))
            if device is None or alert is None or alert.truck_id != device.truck_id:
                raise Refused("403 Forbidden", "not your alert")
            log = Log(
                alert_id=alert.id,
                frame_index=int(body.get("frame_index", 0)),
                frame_timestamp=datetime.strptime(body["frame_timestamp"], "%Y-%m-%d %H:%M:%S"),
                frame=frame_bytes(body["frame"]),
            )
            session.add(log)
            session.commit()
            return {"id": log.id}

    def list_alerts(self, query: dict[str, list[str]]) -> dict[str, Any]:
        kind, subject = self.subject(query["token"][0])
        page = int(query.get("page", ["1"])[0])
        with self.sessions() as session:
            if kind != "user" or session.get(User, subject) is None:
                raise Refused("401 Unauthorized", "invalid token")
            statement = select(Alert)
            if "behavior" in query:
                statement = statement.where(Alert.behavior == query["behavior"][0])
            if "truck_id" in query:
                statement = statement.where(Alert.truck_id == int(query["truck_id"][0]))
            total = session.scalar(select(func.count()).select_from(statement.subquery()))
            rows = session.scalars(
                statement.order_by(Alert.alert_init.desc())
                .limit(PER_PAGE)
                .offset((page - 1) * PER_PAGE)
            )
            alerts = [
                {
                    "id": a.id,
                    "truck_id": a.truck_id,
                    "behavior": a.behavior,
                    "alert_init": a.alert_init.isoformat(),
                    "alert_end": a.alert_end.isoformat() if a.alert_end else None,
                    "started": a.started,
                }
                for a in rows
            ]
        return {"alerts": alerts, "totalItems": total, "perPage": PER_PAGE}

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        path, method = environ["PATH_INFO"], environ["REQUEST_METHOD"]
        try:
            if path == "/api/v1/log/" and method == "POST":
                length = int(environ.get("CONTENT_LENGTH") or 0)
                data = self.add_frame(json.loads(environ["wsgi.input"].read(length)))
            elif path == "/api/v1/alert/" and method == "GET":
                data = self.list_alerts(parse_qs(environ.get("QUERY_STRING", "")))
            else:
                raise Refused("404 Not Found", "not found")
            status, body = "200 OK", {"code": 200, "status_code": "Success", "data": data}
        except Refused as exc:
            status, body = exc.status, {"code": int(exc.status[:3]), "error": str(exc)}
        payload = json.dumps(body).encode()
        start_response(
            status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))]
        )
        return [payload]


def _pragmas(connection: Any, _record: Any) -> None:
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")


def seed(database: str, secret: str, alerts: int) -> dict[str, Any]:
    """A user, a device of truck 1, one open alert, `alerts` more; their tokens."""
    with sqlite3.connect(database) as connection:
        connection.execute("INSERT INTO user (id, username) VALUES (1, 'bench')")
        connection.execute("INSERT INTO jetson (id, mac, truck_id) VALUES (1, 'be:0c', 1)")
        connection.execute(
            "INSERT INTO alert (truck_id, behavior, alert_init, started) "
            "VALUES (1, 'Unsafe', ?, 1)",
            (datetime(2030, 1, 1).isoformat(sep=" "),),
        )
        add_alerts(connection, alerts)
    expires = datetime.now() + timedelta(hours=2)
    return {
        "user": jwt.encode({"sub": "user:1", "exp": expires}, secret, algorithm="HS256"),
        "device": jwt.encode({"sub": "device:1", "exp": expires}, secret, algorithm="HS256"),
        "alert_id": 1,
        "truck_id": 1,
    }


def add_alerts(connection: sqlite3.Connection, count: int, truck_id: int = 1) -> None:
    """`count` alerts of `truck_id` spread over the past, behaviours in turn."""
    start = datetime(2024, 1, 1)
    connection.executemany(
        "INSERT INTO alert (truck_id, behavior, alert_init, started) VALUES (?,?,?,?)",
        (
            (
                truck_id,
                BEHAVIORS[i % len(BEHAVIORS)],
                (start + timedelta(seconds=17 * i)).isoformat(sep=" "),
                i % 3 == 0,
            )
            for i in range(count)
        ),
    )


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--alerts", type=int, default=0)
    args = parser.parse_args()
    app = ServerApi(args.database, args.secret)
    print(json.dumps(seed(args.database, args.secret, args.alerts)), flush=True)
    server = make_server(
        "127.0.0.1", args.port, app, server_class=ThreadingServer, handler_class=QuietHandler
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    threading.Event().wait()


if __name__ == "__main__":
    main()
