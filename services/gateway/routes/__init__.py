"""The legacy REST APIs, one module each."""

from fastapi import APIRouter

from services.gateway.routes import fairplay, fleet, halp, mac

ROUTERS: list[APIRouter] = [
    halp.router,
    mac.router,
    mac.client_router,
    fairplay.router,
    fleet.router,
]
