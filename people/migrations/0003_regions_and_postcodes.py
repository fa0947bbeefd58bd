"""The regions, every Belgian postcode mapped to one, and the place names per postcode."""

import json
from decimal import Decimal
from pathlib import Path

from django.db import migrations

from people.regions import REGIONS, region_code_for

DATA = Path(__file__).resolve().parent.parent / "data" / "belgium-postcodes.json"


def load(apps, schema_editor):
    Region = apps.get_model("people", "Region")
    Postcode = apps.get_model("people", "Postcode")
    Place = apps.get_model("people", "Place")
    regions = {}
    for seed in REGIONS:
        regions[seed.code], _ = Region.objects.get_or_create(
            code=seed.code, defaults={"name": seed.name, "email": seed.email, "phone": seed.phone}
        )
    rows = json.loads(DATA.read_text(encoding="utf-8"))
    postcodes = {}
    for row in rows:
        mapped = region_code_for(row["zipcode"])
        if mapped is None:  # 0612: Saint Nicholas's letters, no place
            continue
        code, outside = mapped
        if row["zipcode"] not in postcodes:
            postcodes[row["zipcode"]] = Postcode(
                code=row["zipcode"], region=regions[code], outside_service_area=outside
            )
    Postcode.objects.bulk_create(postcodes.values(), ignore_conflicts=True)
    ids = dict(Postcode.objects.values_list("code", "id"))
    places, seen = [], set()
    for row in rows:
        key = (row["zipcode"], row["name"])
        if row["zipcode"] not in ids or key in seen:
            continue
        seen.add(key)
        places.append(
            Place(
                postcode_id=ids[row["zipcode"]],
                name=row["name"],
                latitude=Decimal(row["latitude"]).quantize(Decimal("0.000001")) if row["latitude"] else None,
                longitude=Decimal(row["longitude"]).quantize(Decimal("0.000001")) if row["longitude"] else None,
            )
        )
    Place.objects.bulk_create(places, batch_size=500, ignore_conflicts=True)


def unload(apps, schema_editor):
    apps.get_model("people", "Place").objects.all().delete()
    apps.get_model("people", "Postcode").objects.all().delete()
    apps.get_model("people", "Region").objects.filter(code__in=[r.code for r in REGIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("people", "0002_roles")]
    operations = [migrations.RunPython(load, unload)]
