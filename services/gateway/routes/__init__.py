"""The legacy REST APIs, one module each, and the shape each one's errors answer in."""

from fastapi import APIRouter

from services.gateway.errors import PLATFORM, ErrorShape
from services.gateway.routes import fairplay, fleet, fleet_envelope, halp, mac

# Each API's routers and its error shape (services/gateway/shapes.py renders every error of a
# path the router serves with it). A new API adds its router here, once. Routes are matched in
# the order they are included: the busiest API (frames from every device) comes first.
APIS: list[tuple[APIRouter, ErrorShape]] = [
    (fleet.router, fleet_envelope.ERRORS),
    (halp.router, halp.ERRORS),
    (mac.router, PLATFORM),  # MAC documents no error shape: the platform's JSON error
    (mac.client_router, PLATFORM),
    (fairplay.router, fairplay.ERRORS),
]
ROUTERS: list[APIRouter] = [router for router, _ in APIS]
