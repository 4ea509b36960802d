"""MAC: the MegaAntiCheat API v1 (lobby, players, verdicts, tags, preferences)."""
