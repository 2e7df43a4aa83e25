"""Immigration rules in force for care workers, as effective-dated policy values
(sources: shared reference domain brief, section 3)."""

from typing import Any

from django.db import migrations

HC_733 = "https://www.wmca.care/changes-relating-to-care-workers-in-the-skilled-worker-route"
HC_997 = "https://citylegalsolicitors.co.uk/insights/care-worker-impact-hc-997"
POOL = "https://www.capitallaw.co.uk/news/changes-to-the-skilled-worker-route"

# (key, value, effective_from, source, note)
VALUES = [
    ("care_worker_salary_floor_annual", "23200", "2024-04-04", HC_733, "Before HC 733"),
    ("care_worker_salary_floor_annual", "25000", "2025-04-09", HC_733, "HC 733; or going rate"),
    ("care_worker_salary_floor_hourly", "11.90", "2024-04-04", HC_733, "Before HC 733"),
    ("care_worker_salary_floor_hourly", "12.82", "2025-04-09", HC_733, "HC 733; or going rate"),
    (
        "curtailment_period_days",
        "60",
        "2020-12-01",
        "https://carterthomas.co.uk/?p=4568",
        "Or to visa expiry if sooner; no action if fewer than 60 days remain",
    ),
    ("overseas_recruitment_closure_date", "2025-07-22", "2025-07-01", HC_997, "HC 997"),
    ("in_country_transition_end_date", "2028-07-22", "2025-07-01", HC_997, "Kept under review"),
    (
        "share_code_validity_days",
        "90",
        "2020-12-01",
        "https://sponsoredjobs.co.uk/blog/right-to-work-share-code-employer-guide/",
        "",
    ),
    ("care_soc_codes", "6135,6136", "2024-04-04", POOL, "Care worker, senior care worker"),
    ("care_soc_codes_2010", "6145,6146", "2022-02-15", POOL, "Care workers and home carers"),
    ("displaced_worker_pool_requirement_date", "2025-04-09", "2025-03-12", POOL, "HC 733"),
    (
        "cqc_registration_required_date",
        "2024-03-11",
        "2024-03-11",
        "https://www.lewissilkin.com/en/insights/new-immigration-rules-place-greater-restrictions-on-care-workers",
        "England",
    ),
]


def populate(apps: Any, schema_editor: Any) -> None:
    PolicyValue = apps.get_model("core", "PolicyValue")
    for key, value, effective_from, source, note in VALUES:
        PolicyValue.objects.update_or_create(
            key=key,
            effective_from=effective_from,
            defaults={"value": value, "source": source, "note": note},
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0002_populate_regions_and_west_midlands_councils")]

    operations = [migrations.RunPython(populate, migrations.RunPython.noop)]
