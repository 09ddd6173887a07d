"""Access-matrix rows for the heads of districts and agencies and their delegates (NASRO-DISC).

Whoever sees the district or the agency sees who signs for it (on its page); its
administrators record them: the district administrator for North, the supervisor for North
Police Department. Another tenant's is a 404.
"""

from tests.access_rows import form, signed_in

OUTSIDERS = {"other_district_admin": 404, "other_supervisor": 404}


def _north_superintendent(w):
    from mous.tests.builders import appoint_heads
    from programs.models import SigningAuthority

    appoint_heads(w)
    return {"pk": SigningAuthority.objects.get(district=w.district).pk}


def _north_chief(w):
    from mous.tests.builders import appoint_heads
    from programs.models import SigningAuthority

    appoint_heads(w)
    return {"pk": SigningAuthority.objects.get(agency=w.agency).pk}


ROWS: dict[str, tuple] = {
    "district-head-create": form(
        lambda w: {"pk": w.district.pk}, signed_in(403, district_admin=200, staff=200, **OUTSIDERS)
    ),
    "agency-head-create": form(
        lambda w: {"pk": w.agency.pk}, signed_in(403, le_supervisor=200, staff=200, **OUTSIDERS)
    ),
    # One URL for both kinds of record: the district's kept by its administrator, ...
    "head-edit": form(
        _north_superintendent, signed_in(403, district_admin=200, staff=200, **OUTSIDERS)
    ),
}

# ... and the agency's by its supervisor (walked by programs/tests/test_heads.py).
AGENCY_HEAD_EDIT = (_north_chief, signed_in(403, le_supervisor=200, staff=200, **OUTSIDERS))
