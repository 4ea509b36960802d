"""The Argus console (`GET /console`): one page for operators, reading the public APIs."""

from services.gateway.console.api import router as api_router
from services.gateway.console.page import router as page_router

ROUTERS = [page_router, api_router]
