"""Player reputation: MAC verdicts and DFairPlay incidents in one store."""
