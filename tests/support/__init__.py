"""Test plumbing: real servers on free ports, databases on SQLite and PostgreSQL."""
