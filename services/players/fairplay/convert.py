"""DFairPlay's proto messages from its domain types (epoch-second timestamps on the wire)."""

from __future__ import annotations

from argus.core.times import epoch_timestamp
from argus.players.v1 import fairplay_pb2 as pb
from services.players.fairplay.service import OpenSession
from services.players.reputation.incidents import Incident


def open_session_pb(item: OpenSession) -> pb.OpenSession:
    return pb.OpenSession(
        id=item.session.id,
        game=item.session.game,
        created_at=epoch_timestamp(item.session.created_at),
        expires_at=epoch_timestamp(item.session.expires_at),
        players=[
            pb.SessionPlayer(player_id=p.player_id, ip=p.ip, added_at=epoch_timestamp(p.added_at))
            for p in item.players
        ],
    )


def incident_pb(incident: Incident) -> pb.RecentIncident:
    return pb.RecentIncident(
        id=incident.id,
        client_id=incident.client_id or "",
        ip=incident.ip,
        kind=incident.kind,
        detail=incident.detail,
        occurred_at=epoch_timestamp(incident.occurred_at),
    )
