"""fleet: alert counts kept by the database, and indexes that serve a page of alerts.

A page of alerts answers with the number of matching alerts. Counting them on every request
costs time in proportion to the alerts stored; `fleet_alert_counts` holds the number of alerts
per (truck, behaviour, open) instead, kept by triggers on `fleet_alerts` in the same
transaction as each change, whoever writes the row. A count is then a sum over a few rows.

Revision ID: fleet_0006
Revises: fleet_0005
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "fleet_0006"
down_revision: str | None = "fleet_0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ADD = """
INSERT INTO fleet_alert_counts (truck_id, behavior, started, n)
VALUES ({row}.truck_id, {row}.behavior, {row}.started, 1)
ON CONFLICT (truck_id, behavior, started) DO UPDATE SET n = fleet_alert_counts.n + 1;
"""
_REMOVE = """
UPDATE fleet_alert_counts SET n = n - 1
WHERE truck_id = {row}.truck_id AND behavior = {row}.behavior AND started = {row}.started;
"""

_SQLITE_TRIGGERS = [
    "CREATE TRIGGER fleet_alert_counts_insert AFTER INSERT ON fleet_alerts BEGIN "
    + _ADD.format(row="NEW")
    + " END",
    "CREATE TRIGGER fleet_alert_counts_delete AFTER DELETE ON fleet_alerts BEGIN "
    + _REMOVE.format(row="OLD")
    + " END",
    "CREATE TRIGGER fleet_alert_counts_update AFTER UPDATE OF truck_id, behavior, started "
    "ON fleet_alerts BEGIN " + _REMOVE.format(row="OLD") + _ADD.format(row="NEW") + " END",
]

_POSTGRES_FUNCTION = f"""
CREATE FUNCTION fleet_alert_counts_keep() RETURNS trigger LANGUAGE plpgsql
-- The schema of the migration, whatever search_path the writer of a row has.
SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN {_REMOVE.format(row="OLD")} END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN {_ADD.format(row="NEW")} END IF;
  RETURN NULL;
END $$
"""
_POSTGRES_TRIGGERS = [
    "CREATE TRIGGER fleet_alert_counts_insert_delete AFTER INSERT OR DELETE ON fleet_alerts "
    "FOR EACH ROW EXECUTE FUNCTION fleet_alert_counts_keep()",
    "CREATE TRIGGER fleet_alert_counts_update AFTER UPDATE OF truck_id, behavior, started "
    "ON fleet_alerts FOR EACH ROW EXECUTE FUNCTION fleet_alert_counts_keep()",
]

_INDEXES = {
    # Newest first within a behaviour, and within a truck's behaviour: page 1 reads 20 entries.
    "ix_fleet_alerts_behavior_init": ["behavior", "alert_init", "id"],
    "ix_fleet_alerts_truck_behavior_init": ["truck_id", "behavior", "alert_init", "id"],
    "ix_fleet_alerts_started_init": ["started", "alert_init", "id"],
}


def upgrade() -> None:
    op.create_table(
        "fleet_alert_counts",
        sa.Column("truck_id", sa.BigInteger, primary_key=True),
        sa.Column("behavior", sa.String(64), primary_key=True),
        sa.Column("started", sa.Boolean, primary_key=True),
        sa.Column("n", sa.BigInteger, nullable=False),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_POSTGRES_FUNCTION)
        triggers = _POSTGRES_TRIGGERS
    else:
        triggers = _SQLITE_TRIGGERS
    for trigger in triggers:
        op.execute(trigger)
    op.execute(
        "INSERT INTO fleet_alert_counts (truck_id, behavior, started, n) "
        "SELECT truck_id, behavior, started, count(*) FROM fleet_alerts "
        "GROUP BY truck_id, behavior, started"
    )
    for name, columns in _INDEXES.items():
        op.create_index(name, "fleet_alerts", columns)


def downgrade() -> None:
    for name in _INDEXES:
        op.drop_index(name, "fleet_alerts")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER fleet_alert_counts_update ON fleet_alerts")
        op.execute("DROP TRIGGER fleet_alert_counts_insert_delete ON fleet_alerts")
        op.execute("DROP FUNCTION fleet_alert_counts_keep()")
    else:
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER fleet_alert_counts_{trigger}")
    op.drop_table("fleet_alert_counts")
