"""REST routes of the mac API (filled in by its issue)."""

from fastapi import APIRouter

router = APIRouter()
