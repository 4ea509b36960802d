"""REST routes of the fleet API (filled in by its issue)."""

from fastapi import APIRouter

router = APIRouter()
