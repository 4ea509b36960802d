"""Alerts: driver-behaviour alerts of trucks, and their events (the outbox and its feed)."""
