"""HALP: GTA Online sessions, player counts (raw or OCR) and player-list matching."""
