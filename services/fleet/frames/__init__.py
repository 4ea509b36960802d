"""Frames: stored images of alerts and trucks, their checks, streamed ingest and retention."""
