"""REST routes of the halp API (filled in by its issue)."""

from fastapi import APIRouter

router = APIRouter()
