"""The nine English regions and the 14 West Midlands councils with adult social care
responsibility (ONS codes). Other councils come from `import_local_authorities`."""

from typing import Any

from django.db import migrations

REGIONS = [
    ("E12000001", "North East"),
    ("E12000002", "North West"),
    ("E12000003", "Yorkshire and The Humber"),
    ("E12000004", "East Midlands"),
    ("E12000005", "West Midlands"),
    ("E12000006", "East of England"),
    ("E12000007", "London"),
    ("E12000008", "South East"),
    ("E12000009", "South West"),
]

WEST_MIDLANDS_COUNCILS = [
    ("E08000025", "Birmingham", "MD"),
    ("E08000026", "Coventry", "MD"),
    ("E08000027", "Dudley", "MD"),
    ("E08000028", "Sandwell", "MD"),
    ("E08000029", "Solihull", "MD"),
    ("E08000030", "Walsall", "MD"),
    ("E08000031", "Wolverhampton", "MD"),
    ("E06000019", "Herefordshire", "UA"),
    ("E06000020", "Telford and Wrekin", "UA"),
    ("E06000021", "Stoke-on-Trent", "UA"),
    ("E06000051", "Shropshire", "UA"),
    ("E10000028", "Staffordshire", "CTY"),
    ("E10000031", "Warwickshire", "CTY"),
    ("E10000034", "Worcestershire", "CTY"),
]


def populate(apps: Any, schema_editor: Any) -> None:
    Region = apps.get_model("core", "Region")
    LocalAuthority = apps.get_model("core", "LocalAuthority")
    for code, name in REGIONS:
        Region.objects.update_or_create(gss_code=code, defaults={"name": name})
    west_midlands = Region.objects.get(gss_code="E12000005")
    for code, name, la_type in WEST_MIDLANDS_COUNCILS:
        LocalAuthority.objects.update_or_create(
            gss_code=code, defaults={"name": name, "la_type": la_type, "region": west_midlands}
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(populate, migrations.RunPython.noop)]
