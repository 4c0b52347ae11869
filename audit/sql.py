"""Append-only tables on PostgreSQL: a trigger refuses UPDATE and DELETE of audited rows.

The one exception is ``audit.chain.erase``, which sets the transaction-local setting
``nvm.audit_erasure`` first: then an *erasable* table allows DELETE (never UPDATE). The
chain's own tables are never erasable. Apps protect their audited tables in a migration
with ``protect(...)``; on SQLite nothing is installed (the embedded default trusts its
single host, and the chain still shows any change).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

TRIGGER = "audit_append_only"

FUNCTION = """
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND TG_ARGV[0] = 'erasable'
       AND coalesce(current_setting('nvm.audit_erasure', true), '') = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'NVM audit: % on % refused: audited rows are append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Erase through audit.chain.erase; nothing changes an audited row.';
END
$$;
"""

DROP_FUNCTION = "DROP FUNCTION IF EXISTS audit_refuse_change();"


def _create_trigger(table: str, erasable: bool) -> str:
    kind = "erasable" if erasable else "never"
    return (
        f'CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON "{table}" '
        f"FOR EACH ROW EXECUTE FUNCTION audit_refuse_change('{kind}');"
    )


def _drop_trigger(table: str) -> str:
    return f'DROP TRIGGER IF EXISTS {TRIGGER} ON "{table}";'


def protect(*tables: str, erasable: bool = True) -> migrations.RunPython:
    """A migration operation: make ``tables`` append-only on PostgreSQL (no-op elsewhere)."""

    def forward(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in tables:
            schema_editor.execute(_drop_trigger(table))
            schema_editor.execute(_create_trigger(table, erasable))

    def backward(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in tables:
            schema_editor.execute(_drop_trigger(table))

    return migrations.RunPython(forward, backward, elidable=False)


def install_function() -> migrations.RunPython:
    """A migration operation: the trigger function itself (PostgreSQL only)."""

    def forward(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(FUNCTION, params=None)  # the % of RAISE are not placeholders

    def backward(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(DROP_FUNCTION)

    return migrations.RunPython(forward, backward, elidable=False)
