"""Accounts: users, trucks and devices, their passwords and tokens, and who is calling.

Stores (`*_store.py`) are keyword-only functions on the caller's session, which owns the
transaction; filters are typed values bound as SQL parameters, never text from a request.
"""
