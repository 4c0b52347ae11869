"""The access log and the user's history are append-only on PostgreSQL (audit.sql)."""

from django.db import migrations

from audit.sql import protect


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("accounts", "0003_accesslog"),
    ]

    operations = [
        protect("accounts_accesslog", "accounts_historicaluser"),
    ]
