"""Dates read the same everywhere: one format per language (sro_admin/formats/), ISO where a
machine reads them; and a district's time zone is chosen from the US zones first."""

import re
import zoneinfo
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.urls import reverse

from programs.clock import US_TIME_ZONES, officer_today
from programs.models import Course, TrainingRecord


def test_one_date_format_per_language_on_a_page_and_its_history(client, world):
    """Sam's page in English and in Spanish: his assignment (from 1 August 2025) and his
    training record read "Aug 1, 2025" / "1 ago 2025", and so does his record's history."""
    TrainingRecord.objects.create(
        officer=world.officer,
        course=Course.objects.get(program=None, code="basic-sro"),
        completed_on=date(2025, 12, 1),
        hours=Decimal(40),
    )
    client.force_login(world.users["le_supervisor"])
    page = reverse("officer-detail", args=[world.officer.pk])

    english = client.get(page, headers={"accept-language": "en"}).content.decode()
    assert ">Aug 1, 2025</td>" in english and ">Dec 1, 2025</td>" in english

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    spanish = client.get(page).content.decode()
    assert '<html lang="es"' in spanish
    assert ">1 ago 2025</td>" in spanish and ">1 dic 2025</td>" in spanish
    assert not re.search(r"\d{1,2}/\d{1,2}/\d{4}", english + spanish)  # no other format

    # A date in a history entry is a date, written like the others.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    world.officer.sworn_on = date(2015, 3, 9)
    world.officer.save(update_fields=["sworn_on"])
    history = client.get(reverse("officer-history", args=[world.officer.pk])).content.decode()
    assert "Mar 9, 2015" in history and "2015-03-09" not in history


def test_a_date_input_holds_an_iso_date_in_every_language(client, world):
    """<input type="date"> reads only ISO dates: a Spanish page must not write 02/12/2026."""
    client.force_login(world.users["le_supervisor"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    form = client.get(reverse("training-record-create", args=[world.officer.pk])).content
    today = officer_today(world.officer).isoformat()
    assert re.search(rf'type="date" name="completed_on" value="{today}"', form.decode())


def test_the_time_zone_field_lists_the_us_zones_first(client, world):
    client.force_login(world.users["district_admin"])
    page = client.get(reverse("district-edit", args=[world.district.pk])).content.decode()
    select = page[page.index('name="time_zone"') : page.index("</select>", page.index("time_zone"))]
    zones = re.findall(r'<option value="([^"]+)"', select)
    assert zones[:8] == [
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Phoenix",
        "America/Los_Angeles",
        "America/Anchorage",
        "America/Adak",
        "Pacific/Honolulu",
    ]
    us = [zone for zone in US_TIME_ZONES if zone in zoneinfo.available_timezones()]
    assert zones[: len(us)] == us
    assert {"America/Puerto_Rico", "Pacific/Guam"} <= set(us)
    # Then every other zone, so no stored value becomes invalid.
    assert zones[len(us)] == "Africa/Abidjan" and "Europe/Madrid" in zones
    assert len(zones) == len(set(zones)) > 400
    assert '<optgroup label="United States">' in select
    assert re.search(r'<option value="America/Chicago" selected>', select)  # North's

    response = client.post(
        reverse("district-edit", args=[world.district.pk]),
        {"name": "North District", "state": "OH", "nces_id": "", "time_zone": "Pacific/Guam"},
    )
    assert response.status_code == 302
    world.district.refresh_from_db()
    assert str(world.district.time_zone) == "Pacific/Guam"


def test_the_site_administration_lists_the_us_zones_first_too(client, world):
    client.force_login(world.users["staff"])
    url = reverse("admin:programs_district_change", args=[world.district.pk])
    page = client.get(url).content.decode()
    select = page[page.index('name="time_zone"') :]
    first = re.search(r'<option value="([^"]+)"', select).group(1)
    assert first == "America/New_York"
