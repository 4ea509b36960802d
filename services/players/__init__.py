"""Players service: HALP sessions, the MAC lobby and verdicts, DFairPlay sessions and incidents."""
