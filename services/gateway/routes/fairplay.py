"""REST routes of the fairplay API (filled in by its issue)."""

from fastapi import APIRouter

router = APIRouter()
