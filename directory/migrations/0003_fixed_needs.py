"""The fixed needs taxonomy (API.md): one row per code, with a stable id."""

import uuid

from django.db import migrations

NAMESPACE = uuid.UUID("6f1c5a52-8d0e-4c55-9a7e-1f0b8d4f2a10")
CODES = [
    "safety",
    "shelter",
    "medical_care",
    "mental_health",
    "legal_aid",
    "residence_permit",
    "income",
    "housing",
    "education_work",
    "interpreter",
    "return_reintegration",
    "compensation",
    "identity_documents",
    "debt_counselling",
    "child_protection",
    "police_report",
]


def add_needs(apps, schema_editor):
    Need = apps.get_model("directory", "Need")
    for position, code in enumerate(CODES):
        Need.objects.update_or_create(
            code=code, defaults={"id": uuid.uuid5(NAMESPACE, f"need:{code}"), "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_wegwijzer")]

    operations = [migrations.RunPython(add_needs, migrations.RunPython.noop)]
