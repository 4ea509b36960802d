"""Shared plumbing imported by every Argus service: settings, logs, errors, gRPC, database."""
