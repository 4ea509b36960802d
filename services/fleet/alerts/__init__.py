"""Persistence of the fleet service: one module per table, keyword-only functions.

Every function takes the caller's `session` (an AsyncSession); the caller owns the
transaction. Filters are typed values bound as SQL parameters, never text from a request.
"""
