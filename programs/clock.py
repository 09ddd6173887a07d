"""One clock: what "today" is, and where.

Times are stored in UTC, but a date only means something in a place: between local midnight
and UTC midnight "today" is one day in a district and another in UTC. So every rule that
compares a date with today reads today from here, for the district concerned, once; the page
that pre-fills a date and the service that checks it use the same value, and a form never
proposes a date that its own validation refuses, whatever the hour.

Nothing else asks for the date: ruff bans `date.today()`, `datetime.now()` and
`timezone.localdate()` everywhere but here (pyproject.toml, TID251).

- `district_today(district)`: the district's own date. Schools and programs belong to one
  district (`school_today`, `program_today`).
- An officer's own records (training completed, opt-outs, years of experience) belong to the
  agency that employs them, which may serve several districts. They are dated in the zone of
  the first district, by name, that the agency serves (`agency_today`, `officer_today`): the
  same rule for a record entered on a form and for a CSV import of the agency's records.
- A form whose district is not known yet (a new posting, before its program is chosen) uses
  the reader's zone: the one `DistrictTimezoneMiddleware` shows their times in
  (`user_today`). No rule checks such a date.
"""

from __future__ import annotations

import zoneinfo
from datetime import date, tzinfo

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

UTC = zoneinfo.ZoneInfo("UTC")


def today_in(zone: tzinfo) -> date:
    """The date in `zone` at this moment."""
    return timezone.localdate(timezone=zone)  # noqa: TID251 (the one place that may)


def district_today(district) -> date:
    return today_in(district.time_zone)


def school_today(school) -> date:
    return district_today(school.district)


def program_today(program) -> date:
    return district_today(program.district)


def agency_time_zone(agency_id: int) -> tzinfo:
    """The zone of the first district (by name) the agency serves; UTC if it serves none."""
    from programs.models import District

    zone = (
        District.objects.filter(agency_links__agency_id=agency_id)
        .order_by("name")
        .values_list("time_zone", flat=True)
        .first()
    )
    return zone or UTC


def agency_today(agency) -> date:
    return today_in(agency_time_zone(agency.pk))


def officer_today(officer) -> date:
    """Today for an officer's own records: their agency's (see the module's docstring)."""
    return today_in(agency_time_zone(officer.agency_id))


def user_time_zone(user) -> tzinfo:
    """The zone of the user's first visible district by name; UTC if they see none."""
    from programs.access import access_for

    zone = access_for(user).districts().order_by("name").values_list("time_zone", flat=True).first()
    return zone or UTC


def user_today(user) -> date:
    return today_in(user_time_zone(user))


# -- the district's time-zone field ------------------------------------------------------------

# The zones of the United States and its territories (IANA, zone1970.tab), the usual ones
# first; the rest of the world follows. All zones stay valid: only the order changes.
US_TIME_ZONES = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "America/Adak",
    "Pacific/Honolulu",
    "America/Puerto_Rico",
    "America/St_Thomas",
    "Pacific/Guam",
    "Pacific/Saipan",
    "Pacific/Pago_Pago",
    "America/Boise",
    "America/Detroit",
    "America/Indiana/Indianapolis",
    "America/Indiana/Knox",
    "America/Indiana/Marengo",
    "America/Indiana/Petersburg",
    "America/Indiana/Tell_City",
    "America/Indiana/Vevay",
    "America/Indiana/Vincennes",
    "America/Indiana/Winamac",
    "America/Juneau",
    "America/Kentucky/Louisville",
    "America/Kentucky/Monticello",
    "America/Menominee",
    "America/Metlakatla",
    "America/Nome",
    "America/North_Dakota/Beulah",
    "America/North_Dakota/Center",
    "America/North_Dakota/New_Salem",
    "America/Sitka",
    "America/Yakutat",
)


def _label(zone: str) -> str:
    return zone.replace("_", " ")


def time_zone_choices() -> list:
    """The choices of a district's time zone: the US zones first, then the rest by name."""
    available = zoneinfo.available_timezones() - {"Factory"}
    us = [(zone, _label(zone)) for zone in US_TIME_ZONES if zone in available]
    rest = sorted(set(available) - set(US_TIME_ZONES), key=lambda z: _label(z).casefold())
    return [
        (_("United States"), us),
        (_("Other time zones"), [(zone, _label(zone)) for zone in rest]),
    ]
