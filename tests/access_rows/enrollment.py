"""Access-matrix rows for the enrollment pages: enrollment by group, school profiles, the
CRDC import and the staffing view."""

from tests.access_rows import SEES_NORTH, form, signed_in

# District administrators of North and North High's own administrator change its records;
# everyone else who sees the school gets 403; other tenants 404.
CHANGES_NORTH_SCHOOL = signed_in(
    403,
    district_admin=200,
    school_admin=200,
    staff=200,
    other_district_admin=404,
    other_supervisor=404,
)


def _year(world) -> dict:
    from programs.models import Enrollment

    Enrollment.objects.get_or_create(school=world.school, school_year=2025, defaults={"total": 1})
    return {"pk": world.school.pk, "year": 2025}


ROWS: dict[str, tuple] = {
    "school-enrollment": (lambda w: {"pk": w.school.pk}, SEES_NORTH),
    "school-enrollment-year": (_year, SEES_NORTH),
    "school-enrollment-history": (_year, SEES_NORTH),
    "school-enrollment-create": form(lambda w: {"pk": w.school.pk}, CHANGES_NORTH_SCHOOL),
    "school-enrollment-edit": form(_year, CHANGES_NORTH_SCHOOL),
    "school-profile": (lambda w: {"pk": w.school.pk}, SEES_NORTH),
    "school-profile-edit": form(lambda w: {"pk": w.school.pk, "year": 2025}, CHANGES_NORTH_SCHOOL),
    "district-enrollment-import": form(
        lambda w: {"pk": w.district.pk},
        signed_in(
            403, district_admin=200, staff=200, other_district_admin=404, other_supervisor=404
        ),
    ),
    # Everyone who sees the district; a school administrator sees their own school's row.
    "district-staffing": (lambda w: {"pk": w.district.pk}, SEES_NORTH),
}
