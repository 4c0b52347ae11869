from typing import Any

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        connection_created.connect(_sqlite_functions, dispatch_uid="reports.sqlite_functions")


def _sqlite_functions(sender: Any, connection: Any, **kwargs: Any) -> None:
    """SQLite has no percentile function: give each connection ours (``reports.queries``)."""
    if connection.vendor == "sqlite":
        from reports.queries import SQLitePercentile

        connection.connection.create_aggregate("nvm_percentile", 2, SQLitePercentile)
