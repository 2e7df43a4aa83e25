"""The 3-month rule for switching into a care role from another route."""

from typing import Any

from django.db import migrations

SOURCE = "https://www.tulia.org.uk/community-blog/switching-into-care-roles-the-3-month-requirement-explained"


def populate(apps: Any, schema_editor: Any) -> None:
    PolicyValue = apps.get_model("core", "PolicyValue")
    PolicyValue.objects.update_or_create(
        key="switcher_minimum_months",
        effective_from="2025-07-22",
        defaults={
            "value": "3",
            "source": SOURCE,
            "note": "Months on the sponsor's payroll in the care role (a count of months)",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0003_populate_policy_values")]

    operations = [migrations.RunPython(populate, migrations.RunPython.noop)]
