"""DFairPlay: game-server token sessions, fair-play clients and incidents."""
