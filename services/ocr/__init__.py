"""OCR service: GTA Online screenshots -> player names and player counts."""
