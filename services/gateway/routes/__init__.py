"""The legacy REST APIs, one module each, and the shape each one's errors answer in."""

from fastapi import APIRouter

from services.gateway.errors import PLATFORM, ErrorShape
from services.gateway.routes import fairplay, fleet, fleet_envelope, halp, mac

# Each API's routers and its error shape (services/gateway/shapes.py renders every error of a
# path the router serves with it). A new API adds its router here, once.
APIS: list[tuple[APIRouter, ErrorShape]] = [
    (halp.router, halp.ERRORS),
    (mac.router, PLATFORM),  # MAC documents no error shape: the platform's JSON error
    (mac.client_router, PLATFORM),
    (fairplay.router, fairplay.ERRORS),
    (fleet.router, fleet_envelope.ERRORS),
]
ROUTERS: list[APIRouter] = [router for router, _ in APIS]
