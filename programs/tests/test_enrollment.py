"""Enrollment by group, school profiles, the CRDC import and the staffing view.

North High School is the school administrator's school; Sam Sample is assigned there.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import NORTH_TIME_ZONE
from programs.clock import district_today
from programs.models import Assignment, Enrollment, SchoolProfile
from programs.selectors.enrollment import (
    current_school_year,
    district_staffing_for,
    district_staffing_rows,
    enrollment_check,
    enrollment_counts,
    staffing_schools_for,
)
from programs.services.enrollment import enrollment_save, school_profile_save
from programs.services.enrollment_import import enrollment_import
from programs.tests.factories import OfficerFactory, SchoolFactory
from sro_admin.errors import RuleViolation

RS, DIS, EL, GR = "race_sex", "disability", "english_learner", "grade"


def events(label: str | None = None):
    """The audit events of enrollment counts, optionally only inserts/updates/deletes."""
    model = apps.get_model("programs", "EnrollmentCountEvent")
    rows = model.objects.all()
    return rows.filter(pgh_label=label) if label else rows


def figures(total=520, overrides=None) -> dict[tuple[str, str], int]:
    """A year that adds up: 520 students, race/ethnicity by sex, disability, EL."""
    counts = {
        (RS, "hispanic:female"): 60,
        (RS, "hispanic:male"): 64,
        (RS, "white:female"): 150,
        (RS, "white:male"): 156,
        (RS, "black:female"): 40,
        (RS, "black:male"): 42,
        (RS, "asian:female"): 4,
        (RS, "asian:male"): 4,
        (DIS, "idea"): 70,
        (DIS, "section_504"): 20,
        (DIS, "neither"): total - 90,
        (EL, "yes"): 30,
        (EL, "no"): total - 30,
    }
    counts.update(overrides or {})
    return counts


# -- the service -------------------------------------------------------------------------------


def test_a_save_replaces_the_years_counts_in_place_and_the_history_says_what_changed(world):
    enrollment = enrollment_save(
        actor=world.users["district_admin"],
        school=world.school,
        school_year=2025,
        total=520,
        counts=figures(),
        source="form",
    )
    assert enrollment_counts(enrollment) == figures()
    inserted = events("insert").count()
    assert inserted == len(figures())

    changed = figures()
    changed[(RS, "asian:female")] = 6  # changed
    del changed[(RS, "asian:male")]  # dropped
    changed[(GR, "09")] = 520  # added
    again = enrollment_save(
        actor=world.users["district_admin"],
        school=world.school,
        school_year=2025,
        total=522,
        counts=changed,
        source="form",
    )
    assert again.pk == enrollment.pk and Enrollment.objects.get().total == 522
    assert enrollment_counts(enrollment) == changed
    # One event per real change: the unchanged groups keep their rows and have no new event.
    update = events("update").get()
    assert (update.group, update.count) == ("asian:female", 6)
    assert events("delete").get().group == "asian:male"
    assert events("insert").count() == inserted + 1


def test_saving_the_same_figures_again_writes_nothing(world):
    enrollment_save(
        actor=world.users["district_admin"],
        school=world.school,
        school_year=2025,
        total=520,
        counts=figures(),
    )
    before = (events().count(), Enrollment.objects.get().updated_at)
    enrollment_save(
        actor=world.users["district_admin"],
        school=world.school,
        school_year=2025,
        total=520,
        counts=figures(),
    )
    assert (events().count(), Enrollment.objects.get().updated_at) == before


@pytest.mark.parametrize(
    ("total", "counts", "message"),
    [
        (-1, {}, "The total enrollment cannot be negative."),
        (
            10,
            {(RS, "asian:female"): -9},
            "Asian, Female: the number of students cannot be negative.",
        ),
        (10, {(RS, "martian:female"): 1}, "Unknown group “martian:female” in “race_sex”."),
    ],
)
def test_negative_numbers_and_unknown_groups_are_refused(world, total, counts, message):
    with pytest.raises(RuleViolation) as refused:
        enrollment_save(
            actor=world.users["district_admin"],
            school=world.school,
            school_year=2025,
            total=total,
            counts=counts,
        )
    assert refused.value.message == message
    assert not Enrollment.objects.exists()


def _a_year_too_far_ahead_is_refused_on_the_form_and_by_the_service(client, world):
    today = district_today(world.district)
    latest = current_school_year(today) + 1
    with pytest.raises(RuleViolation, match="cannot start after"):
        enrollment_save(
            actor=world.users["district_admin"],
            school=world.school,
            school_year=latest + 1,
            total=1,
            counts={},
        )
    client.force_login(world.users["school_admin"])
    url = reverse("school-enrollment-create", args=[world.school.pk])
    # The form offers next year at most, and the service takes it.
    page = client.get(url).content.decode()
    assert f'<option value="{latest}"' in page and f'<option value="{latest + 1}"' not in page
    response = client.post(url, {"school_year": str(latest), **form_data()})
    assert response.status_code == 302
    profile = reverse("school-profile-edit", args=[world.school.pk, latest])
    assert client.post(profile, {"buildings": "2"}).status_code == 302
    assert (
        client.get(reverse("school-profile-edit", args=[world.school.pk, latest + 1])).status_code
        == 404
    )


def test_a_year_too_far_ahead_is_refused(frozen_clock, client, world):
    _a_year_too_far_ahead_is_refused_on_the_form_and_by_the_service(client, world)


@pytest.mark.clock_day(date(2026, 7, 1))
def test_the_next_school_year_begins_in_july_in_the_districts_zone(frozen_clock, client, world):
    """At 00:30 UTC on 1 July it is still 30 June in North: 2026-27 has not begun there, so
    2027-28 is still too far ahead."""
    expected = 2026 if frozen_clock.astimezone(NORTH_TIME_ZONE).month == 7 else 2025
    assert current_school_year(district_today(world.district)) == expected
    _a_year_too_far_ahead_is_refused_on_the_form_and_by_the_service(client, world)


def test_breakdowns_left_out_are_kept(world):
    enrollment_save(
        actor=world.users["district_admin"],
        school=world.school,
        school_year=2025,
        total=520,
        counts=figures(520, {(GR, "09"): 520}),
    )
    enrollment = enrollment_save(
        actor=world.users["district_admin"],
        school=world.school,
        school_year=2025,
        total=520,
        counts={(EL, "yes"): 31, (EL, "no"): 489},
        breakdowns=[EL],
    )
    counts = enrollment_counts(enrollment)
    assert counts[(GR, "09")] == 520 and counts[(RS, "white:male")] == 156
    assert (counts[(EL, "yes")], counts[(EL, "no")]) == (31, 489)


# -- the check -----------------------------------------------------------------------------------


def test_the_check_says_which_breakdowns_add_up_differ_or_are_not_entered(world):
    counts = figures()
    counts[(RS, "asian:female")] = 0  # 4 fewer
    counts[(RS, "asian:male")] = 0  # 8 fewer in all
    counts[(EL, "no")] = 500  # 10 more
    enrollment = enrollment_save(
        actor=world.users["district_admin"],
        school=world.school,
        school_year=2025,
        total=520,
        counts=counts,
    )
    checks = {c.breakdown: c for c in enrollment_check(enrollment)}
    assert checks[RS].message == (
        "Race/ethnicity by sex adds up to 512, 8 fewer than the total of 520."
    )
    assert (checks[RS].difference, checks[RS].short) == (-8, "8 fewer")
    assert checks[DIS].message == "Disability status adds up to the total of 520."
    assert checks[DIS].adds_up and not checks[DIS].differs
    assert checks[EL].message == (
        "English learner status adds up to 530, 10 more than the total of 520."
    )
    assert checks[GR].message == "Grade level: not entered."
    assert not checks[GR].entered and not checks[GR].differs  # not an error


def test_the_check_writes_thousands_with_a_separator(world):
    enrollment = enrollment_save(
        actor=world.users["district_admin"],
        school=world.school,
        school_year=2025,
        total=1520,
        counts={(GR, "09"): 1500},
    )
    grade = enrollment_check(enrollment)[3]
    assert grade.message == "Grade level adds up to 1,500, 20 fewer than the total of 1,520."


# -- the CRDC import -----------------------------------------------------------------------------

RACES = ["HI", "AM", "AS", "HP", "BL", "WH", "TR"]
COLUMNS = (
    ["LEAID", "LEA_NAME", "SCH_NAME", "COMBOKEY", "JJ"]
    + [f"SCH_ENR_{r}_{s}" for r in RACES for s in "MFX"]
    + [f"TOT_ENR_{s}" for s in "MFX"]
    + [f"SCH_ENR_{f}_{s}" for f in ("IDEA", "504", "LEP") for s in "MFX"]
    + ["G_09", "G_10", "G_11", "G_12"]
)


def crdc_row(name: str, combokey: str = "", **values) -> dict[str, str]:
    """A school of 400: 200 boys, 198 girls and 2 nonbinary students; it all adds up."""
    row = dict.fromkeys(COLUMNS, "0")
    row.update(LEAID="9900001", LEA_NAME="North District", SCH_NAME=name, COMBOKEY=combokey)
    row.update(JJ="No", SCH_ENR_HI_M="50", SCH_ENR_HI_F="48", SCH_ENR_WH_M="120")
    row.update(SCH_ENR_WH_F="120", SCH_ENR_BL_M="30", SCH_ENR_BL_F="30", SCH_ENR_TR_X="2")
    row.update(TOT_ENR_M="200", TOT_ENR_F="198", TOT_ENR_X="2")
    row.update(SCH_ENR_IDEA_M="30", SCH_ENR_IDEA_F="20", SCH_ENR_504_M="6", SCH_ENR_504_F="4")
    row.update(SCH_ENR_LEP_M="12", SCH_ENR_LEP_F="10", SCH_ENR_LEP_X="1")
    row.update(G_09="110", G_10="100", G_11="95", G_12="95")
    row.update({k: str(v) for k, v in values.items()})
    return row


def crdc_file(*rows: dict[str, str], columns=COLUMNS) -> bytes:
    lines = [",".join(columns)] + [",".join(r.get(c, "") for c in columns) for r in rows]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def good_file(world):
    world.school.nces_id = "099000100001"  # state 09: a spreadsheet drops the leading zero
    world.school.save()
    return crdc_file(
        crdc_row("NORTH HIGH SCHOOL", combokey="99000100001"),
        crdc_row("north middle school", G_09="", G_10="", G_11="", G_12="", G_07="400"),
    )


def test_who_sees_a_schools_enrollment_but_does_not_keep_it_is_refused(world, good_file):
    """North's program viewer sees its schools and their enrollment but keeps none of it; a
    school administrator keeps their own school's, but does not import for the district."""
    viewer = world.users["program_viewer"]
    with pytest.raises(PermissionDenied):
        enrollment_save(
            actor=viewer, school=world.school, school_year=2025, total=520, counts=figures()
        )
    with pytest.raises(PermissionDenied):
        school_profile_save(actor=viewer, school=world.school, school_year=2025, buildings=1)
    for actor in (viewer, world.users["school_admin"]):
        with pytest.raises(PermissionDenied):
            enrollment_import(
                actor=actor, district=world.district, school_year=2025, content=good_file, save=True
            )
    assert not Enrollment.objects.exists() and not SchoolProfile.objects.exists()


def test_a_clean_crdc_file_is_checked_then_saved_whole(world, good_file):
    preview = enrollment_import(
        actor=world.users["district_admin"],
        district=world.district,
        school_year=2025,
        content=good_file,
        save=False,
    )
    assert preview.ok and [r.line for r in preview.sample] == [2, 3]
    assert [r.school for r in preview.sample] == [world.school, world.other_school]
    assert [r.status for r in preview.sample] == ["new", "new"]
    assert preview.statuses == {"new": 2}
    assert not Enrollment.objects.exists()  # checking saves nothing

    result = enrollment_import(
        actor=world.users["district_admin"],
        district=world.district,
        school_year=2025,
        content=good_file,
        save=True,
    )
    assert result.saved == 2
    high = Enrollment.objects.get(school=world.school, school_year=2025)
    assert (high.total, high.source) == (400, "crdc_import")
    counts = enrollment_counts(high)
    assert counts[(RS, "hispanic:male")] == 50 and counts[(RS, "two_or_more:nonbinary")] == 2
    assert counts[(RS, "asian:female")] == 0  # a real zero, stored
    assert (counts[(DIS, "idea")], counts[(DIS, "section_504")], counts[(DIS, "neither")]) == (
        50,
        10,
        340,
    )
    assert (counts[(EL, "yes")], counts[(EL, "no")]) == (23, 377)
    assert counts[(GR, "09")] == 110 and (GR, "07") not in counts
    assert not any(c.differs for c in enrollment_check(high))
    middle = Enrollment.objects.get(school=world.other_school)
    # Blank optional grade columns are "not entered"; G_07 is not one of our columns.
    assert not [k for k in enrollment_counts(middle) if k[0] == GR]


def test_importing_the_same_file_twice_changes_nothing(world, good_file):
    enrollment_import(
        actor=world.users["district_admin"],
        district=world.district,
        school_year=2025,
        content=good_file,
        save=True,
    )
    before = (events().count(), list(Enrollment.objects.values_list("updated_at", flat=True)))
    again = enrollment_import(
        actor=world.users["district_admin"],
        district=world.district,
        school_year=2025,
        content=good_file,
        save=True,
    )
    assert again.ok and again.unchanged and again.saved == 0
    assert (events().count(), list(Enrollment.objects.values_list("updated_at", flat=True))) == (
        before
    )


def test_every_bad_row_says_why_and_nothing_is_saved(world):
    names = [
        SchoolFactory(district=world.district, name=f"North School {n}").name for n in range(5)
    ]
    content = crdc_file(
        crdc_row("North High School"),  # fine on its own
        crdc_row("Nowhere High", combokey="990000199999"),
        crdc_row(names[0], SCH_ENR_HI_M="many"),
        crdc_row(names[1], SCH_ENR_AS_F="-9"),
        crdc_row(names[2], SCH_ENR_IDEA_M="300", SCH_ENR_504_M="100"),
        crdc_row(names[3], SCH_ENR_LEP_F="500"),
        crdc_row(names[4], SCH_ENR_BL_F=""),
        crdc_row("North High School"),
        crdc_row("South High School"),  # another district's school
    )
    result = enrollment_import(
        actor=world.users["district_admin"],
        district=world.district,
        school_year=2025,
        content=content,
        save=True,
    )
    errors = {row.line: row.errors for row in result.shown_rows}
    assert errors[2] == []
    assert errors[3] == [
        "No school in North District has NCES ID “990000199999” or the name “Nowhere High”."
    ]
    assert errors[4] == ["SCH_ENR_HI_M must be a whole number, not “many”."]
    assert errors[5] == [
        "SCH_ENR_AS_F is -9: the CRDC writes negative numbers as reserve codes (for example -9 "
        "not applicable), not counts. Enter the number of students (0 if none)."
    ]
    assert errors[6] == [
        "Students with disabilities (IDEA 320 plus Section 504 104) are more than the total "
        "enrollment of 400."
    ]
    assert errors[7] == ["English learners (513) are more than the total enrollment of 400."]
    assert errors[8] == ["SCH_ENR_BL_F is empty; write 0 if there are no students."]
    assert errors[9] == ["North High School is already on line 2."]
    assert errors[10] == [
        "No school in North District has NCES ID “” or the name “South High School”."
    ]
    assert result.with_errors == 8 and result.saved == 0
    assert not Enrollment.objects.exists()


def test_a_breakdown_that_does_not_add_up_is_shown_not_refused(world):
    content = crdc_file(crdc_row("North High School", SCH_ENR_WH_M="112"))
    result = enrollment_import(
        actor=world.users["district_admin"],
        district=world.district,
        school_year=2025,
        content=content,
        save=True,
    )
    assert result.ok and result.saved == 1
    assert result.with_warnings == 1 and result.warned[0].warnings == [
        "Race/ethnicity by sex adds up to 392, 8 fewer than the total of 400."
    ]


def test_unknown_columns_are_ignored_and_x_and_grade_columns_are_optional(world):
    columns = [c for c in COLUMNS if not c.endswith("_X") and not c.startswith("G_")]
    columns += ["SOMETHING_NEW", "NOTES"]
    row = crdc_row("North High School", TOT_ENR_F="200", SOMETHING_NEW="-9", NOTES="x")
    result = enrollment_import(
        actor=world.users["district_admin"],
        district=world.district,
        school_year=2025,
        content=crdc_file(row, columns=columns),
        save=True,
    )
    assert result.ok and not result.has_grades
    counts = enrollment_counts(Enrollment.objects.get())
    assert not any(group.endswith(":nonbinary") for _b, group in counts)
    assert sum(n for (b, _g), n in counts.items() if b == RS) == 398


def test_an_import_replaces_the_years_counts_but_keeps_grades_it_does_not_carry(world):
    enrollment_save(
        actor=world.users["district_admin"],
        school=world.school,
        school_year=2025,
        total=380,
        counts={(RS, "asian:female"): 7, (GR, "10"): 380},
    )
    columns = [c for c in COLUMNS if not c.startswith("G_")]
    content = crdc_file(crdc_row("North High School"), columns=columns)
    preview = enrollment_import(
        actor=world.users["district_admin"],
        district=world.district,
        school_year=2025,
        content=content,
        save=False,
    )
    assert preview.shown_rows[0].status == "changed"
    enrollment_import(
        actor=world.users["district_admin"],
        district=world.district,
        school_year=2025,
        content=content,
        save=True,
    )
    enrollment = Enrollment.objects.get()
    counts = enrollment_counts(enrollment)
    assert enrollment.total == 400 and enrollment.source == "crdc_import"
    assert counts[(RS, "asian:female")] == 0  # replaced from the file
    assert counts[(GR, "10")] == 380  # kept: the file has no grade columns
    assert events("update").filter(group="asian:female").count() == 1


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            [c for c in COLUMNS if c not in ("COMBOKEY", "SCH_NAME")],
            "The header row needs a COMBOKEY column (the 12-digit NCES school ID) or a "
            "SCH_NAME column (the school's name).",
        ),
        (
            [c for c in COLUMNS if c not in ("TOT_ENR_F", "SCH_ENR_504_M")],
            "The header row lacks these columns: TOT_ENR_F, SCH_ENR_504_M.",
        ),
    ],
)
def test_a_file_without_the_columns_it_needs_is_refused_whole(world, header, message):
    content = crdc_file(crdc_row("North High School"), columns=header)
    with pytest.raises(RuleViolation) as refused:
        enrollment_import(
            actor=world.users["district_admin"],
            district=world.district,
            school_year=2025,
            content=content,
            save=False,
        )
    assert refused.value.message == message


def test_a_file_of_header_only_or_not_text_is_refused(world):
    with pytest.raises(RuleViolation, match="no rows under its header"):
        enrollment_import(
            actor=world.users["district_admin"],
            district=world.district,
            school_year=2025,
            content=crdc_file(),
            save=False,
        )
    with pytest.raises(RuleViolation, match="larger than 1 MB"):
        enrollment_import(
            actor=world.users["district_admin"],
            district=world.district,
            school_year=2025,
            content=b"x" * 1_000_001,
            save=False,
        )


# -- pages -----------------------------------------------------------------------------------


def form_data(total=520, **counts) -> dict[str, str]:
    data = {"total": str(total)}
    for (breakdown, group), n in figures(total).items():
        data[f"{breakdown}-{group.replace(':', '-')}"] = str(n)
    data.update({k: str(v) for k, v in counts.items()})
    return data


def test_the_school_administrator_adds_and_edits_a_year(client, world):
    client.force_login(world.users["school_admin"])
    new = reverse("school-enrollment-create", args=[world.school.pk])
    page = client.get(new).content.decode()
    # Every box is labelled with its row and column.
    assert (
        '<label class="visually-hidden" for="id_race_sex-asian-female">Asian, Female</label>'
        in (page)
    )
    assert '<label for="id_grade-09">Grade 9</label>' in page
    response = client.post(new, {"school_year": "2025", **form_data(**{"race_sex-asian-male": 0})})
    assert response.status_code == 302
    assert response["Location"] == reverse("school-enrollment-year", args=[world.school.pk, 2025])
    body = client.get(response["Location"]).content.decode()
    assert "Race/ethnicity by sex adds up to 516, 4 fewer than the total of 520." in body
    assert "Grade level: not entered." in body
    assert '<th scope="row">Asian</th>' in body

    edit = reverse("school-enrollment-edit", args=[world.school.pk, 2025])
    assert 'value="150"' in client.get(edit).content.decode()  # the stored figures
    data = form_data(**{"race_sex-asian-male": 4, "grade-09": 520})
    response = client.post(edit, data, follow=True)
    body = response.content.decode()
    assert "Race/ethnicity by sex adds up to the total of 520." in body
    assert "Grade level adds up to the total of 520." in body
    assert Enrollment.objects.get().counts.count() == len(figures()) + 1
    listing = client.get(reverse("school-enrollment", args=[world.school.pk])).content.decode()
    assert "2025-26" in listing and "Adds up" in listing


def test_the_add_form_does_not_offer_a_year_already_entered(client, world):
    enrollment_save(
        actor=world.users["district_admin"],
        school=world.school,
        school_year=2025,
        total=1,
        counts={},
    )
    client.force_login(world.users["district_admin"])
    url = reverse("school-enrollment-create", args=[world.school.pk])
    assert '<option value="2025"' not in client.get(url).content.decode()
    response = client.post(url, {"school_year": "2025", **form_data()})
    assert "Select a valid choice" in response.content.decode()
    assert Enrollment.objects.get().total == 1


def test_a_negative_number_is_shown_next_to_its_box_and_nothing_is_saved(client, world):
    client.force_login(world.users["school_admin"])
    url = reverse("school-enrollment-create", args=[world.school.pk])
    response = client.post(url, {"school_year": "2025", **form_data(**{"grade-10": -5})})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_grade-10-error"' in body and "greater than or equal to 0" in body
    assert 'aria-describedby="id_grade-10-error"' in body
    assert not Enrollment.objects.exists()


def test_a_program_viewer_may_look_but_not_change(client, world):
    enrollment_save(
        actor=world.users["district_admin"],
        school=world.school,
        school_year=2025,
        total=520,
        counts=figures(),
    )
    client.force_login(world.users["program_viewer"])
    year = reverse("school-enrollment-year", args=[world.school.pk, 2025])
    assert "Edit this year" not in client.get(year).content.decode()
    edit = reverse("school-enrollment-edit", args=[world.school.pk, 2025])
    assert client.post(edit, form_data(total=1)).status_code == 403
    profile = reverse("school-profile-edit", args=[world.school.pk, 2025])
    assert client.post(profile, {"buildings": "9"}).status_code == 403
    assert Enrollment.objects.get().total == 520 and not SchoolProfile.objects.exists()


def test_another_districts_administrator_finds_nothing(client, world):
    enrollment_save(
        actor=world.users["district_admin"],
        school=world.school,
        school_year=2025,
        total=520,
        counts=figures(),
    )
    client.force_login(world.users["other_district_admin"])
    urls = [
        reverse("school-enrollment-edit", args=[world.school.pk, 2025]),
        reverse("school-enrollment-create", args=[world.school.pk]),
        reverse("school-profile-edit", args=[world.school.pk, 2025]),
        reverse("district-enrollment-import", args=[world.district.pk]),
    ]
    for url in urls:
        assert client.post(url, {"school_year": "2025", **form_data(total=1)}).status_code == 404
    assert client.get(reverse("district-staffing", args=[world.district.pk])).status_code == 404
    assert Enrollment.objects.get().total == 520


def test_a_year_not_entered_is_not_found(client, world):
    client.force_login(world.users["district_admin"])
    assert (
        client.get(reverse("school-enrollment-year", args=[world.school.pk, 2019])).status_code
        == 404
    )
    assert (
        client.get(reverse("school-enrollment-edit", args=[world.school.pk, 2019])).status_code
        == 404
    )


def test_the_import_page_checks_then_saves_on_confirmation(client, world, good_file):
    client.force_login(world.users["district_admin"])
    url = reverse("district-enrollment-import", args=[world.district.pk])
    upload = SimpleUploadedFile("crdc.csv", good_file, content_type="text/csv")
    preview = client.post(url, {"school_year": "2025", "file": upload})
    body = preview.content.decode()
    assert "All 2 rows are ready to import." in body
    assert "Ready: a new year for this school" in body
    assert not Enrollment.objects.exists()
    token = preview.context["token"]
    done = client.post(url, {"confirm": token}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("district-staffing", args=[world.district.pk])
    assert "Imported the 2025-26 enrollment of 2 schools." in done.content.decode()
    assert Enrollment.objects.filter(school_year=2025).count() == 2
    # The token is spent; someone else's token is worth nothing.
    again = client.post(url, {"confirm": token}, follow=True)
    assert "That upload has expired" in again.content.decode()


def test_the_import_page_summarises_a_long_file(client, world):
    """The shared preview: counts, the rows with a warning, and ten ready rows of fifteen."""
    names = ["North High School", "North Middle School"]
    names += [
        SchoolFactory(district=world.district, name=f"North School {n}").name for n in range(13)
    ]
    rows = [crdc_row(name, SCH_ENR_WH_M="112" if n < 3 else "120") for n, name in enumerate(names)]
    client.force_login(world.users["district_admin"])
    url = reverse("district-enrollment-import", args=[world.district.pk])
    response = client.post(
        url, {"school_year": "2025", "file": SimpleUploadedFile("crdc.csv", crdc_file(*rows))}
    )
    result, body = response.context["result"], response.content.decode()
    assert (result.read, result.ready, result.with_warnings) == (15, 15, 3)
    assert "All 15 rows are ready to import." in body
    warned = body.split('id="warned-rows-heading"')[1].split("</table>")[0]
    assert warned.count("Does not add up: Race/ethnicity by sex adds up to 392") == 3
    ready = body.split('id="ready-rows-heading"')[1]
    assert ready.split("</table>")[0].count("Ready: a new year for this school") == 10
    assert "… and 2 more ready rows." in ready
    assert "Import 15 schools" in body


def test_the_import_page_shows_bad_rows_and_file_errors(client, world):
    client.force_login(world.users["district_admin"])
    url = reverse("district-enrollment-import", args=[world.district.pk])
    bad = crdc_file(crdc_row("North High School", SCH_ENR_AS_F="-9"))
    body = client.post(
        url, {"school_year": "2025", "file": SimpleUploadedFile("crdc.csv", bad)}
    ).content.decode()
    assert "1 row has a problem. Nothing has been saved." in body
    assert "SCH_ENR_AS_F is -9" in body and 'name="confirm"' not in body
    headless = crdc_file(crdc_row("x"), columns=["SCH_NAME", "TOT_ENR_M"])
    body = client.post(
        url, {"school_year": "2025", "file": SimpleUploadedFile("crdc.csv", headless)}
    ).content.decode()
    assert "The header row lacks these columns" in body
    assert not Enrollment.objects.exists()


def test_a_school_profile_is_created_edited_and_the_next_year_starts_from_it(client, world):
    client.force_login(world.users["school_admin"])
    url = reverse("school-profile-edit", args=[world.school.pk, 2024])
    data = {
        "grades_served": "9-12",
        "address": "1 North Road",
        "locale": "suburb",
        "buildings": "3",
        "campus_acres": "42.5",
        "discipline_incidents": "120",
        "calls_for_service": "31",
        "non_sworn_safety_staff": "4",
        "special_education_program": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    profile = SchoolProfile.objects.get()
    assert (profile.school_year, profile.buildings, str(profile.campus_acres)) == (2024, 3, "42.5")
    assert profile.special_education_program and not profile.esl_program
    next_year = client.get(reverse("school-profile-edit", args=[world.school.pk, 2025]))
    assert 'value="1 North Road"' in next_year.content.decode()
    assert "Filled in from 2024-25" in next_year.content.decode()
    client.post(
        reverse("school-profile-edit", args=[world.school.pk, 2025]), data | {"buildings": "4"}
    )
    page = client.get(reverse("school-profile", args=[world.school.pk])).content.decode()
    assert "2025-26" in page and '<dd class="col-sm-8">4</dd>' in page
    assert f'href="{reverse("school-profile", args=[world.school.pk])}?year=2024"' in page
    assert SchoolProfile.objects.count() == 2


def test_profile_service_updates_only_what_changed(world):
    profile = school_profile_save(
        actor=world.users["district_admin"], school=world.school, school_year=2025, buildings=2
    )
    school_profile_save(
        actor=world.users["district_admin"],
        school=world.school,
        school_year=2025,
        buildings=2,
        esl_program=True,
    )
    profile.refresh_from_db()
    assert profile.buildings == 2 and profile.esl_program
    assert SchoolProfile.objects.count() == 1


# -- staffing ------------------------------------------------------------------------------------


def test_staffing_lists_schools_enrollment_profile_and_who_is_assigned_today(
    frozen_clock, client, world
):
    today = district_today(world.district)
    enrollment_save(
        actor=world.users["district_admin"],
        school=world.school,
        school_year=2024,
        total=500,
        counts={},
    )
    enrollment_save(
        actor=world.users["district_admin"],
        school=world.school,
        school_year=2025,
        total=1200,
        counts=figures(1200),
    )
    school_profile_save(
        actor=world.users["district_admin"],
        school=world.school,
        school_year=2025,
        buildings=3,
        calls_for_service=44,
    )
    # Lee's assignment at North Middle ended yesterday; another officer's starts tomorrow.
    Assignment.objects.create(
        officer=world.colleague,
        school=world.other_school,
        starts_on=today - timedelta(days=400),
        ends_on=today - timedelta(days=1),
    )
    Assignment.objects.create(
        officer=OfficerFactory(agency=world.agency, first_name="Ari", last_name="Later"),
        school=world.other_school,
        starts_on=today + timedelta(days=1),
    )
    # A second officer at North High, whose assignment ends today: still current.
    Assignment.objects.create(
        officer=OfficerFactory(agency=world.second_agency, first_name="Dana", last_name="Deputy"),
        school=world.school,
        starts_on=today - timedelta(days=30),
        ends_on=today,
    )
    staffing = district_staffing_for(world.users["district_admin"], world.district, today=today)
    high, middle = staffing.rows
    assert (high.school, middle.school) == (world.school, world.other_school)
    assert [str(o) for o in high.officers] == ["Dana Deputy", "Sam Sample"]
    assert high.enrollment.total == 1200 and high.enrollment.idea == 70
    assert high.enrollment.english_learners == 30 and high.students_per_sro == 600
    assert high.profile.calls_for_service == 44
    assert middle.sro_count == 0 and middle.enrollment is None and middle.profile is None
    assert staffing.without_sro == [middle]

    client.force_login(world.users["program_viewer"])
    body = client.get(reverse("district-staffing", args=[world.district.pk])).content.decode()
    assert "No SRO assigned" in body and "1 school has no SRO assigned." in body
    assert "Sam Sample" in body and "Ari Later" not in body and "Lee Colleague" not in body


def test_an_sro_sees_that_a_school_is_staffed_without_seeing_by_whom(world):
    Assignment.objects.create(
        officer=world.colleague, school=world.other_school, starts_on=date(2025, 8, 1)
    )
    staffing = district_staffing_for(
        world.users["sro"], world.district, today=district_today(world.district)
    )
    middle = next(r for r in staffing.rows if r.school == world.other_school)
    assert middle.officers == [] and middle.unseen_officers == 1 and middle.sro_count == 1
    assert not staffing.without_sro


def test_a_school_administrator_sees_their_own_schools_row(world):
    staffing = district_staffing_for(
        world.users["school_admin"], world.district, today=district_today(world.district)
    )
    assert [r.school for r in staffing.rows] == [world.school]


def test_a_school_administrators_staffing_page_is_titled_for_their_school(client, world):
    url = reverse("district-staffing", args=[world.district.pk])
    client.force_login(world.users["school_admin"])
    body = client.get(url).content.decode()
    assert "<h1>Staffing of North High School</h1>" in body
    assert "<title>Staffing of North High School ·" in body
    assert "North High School</a></th>" in body and "North Middle School" not in body
    district = client.get(reverse("district-detail", args=[world.district.pk])).content.decode()
    assert f'<a href="{url}">Staffing of North High School</a>' in district
    # Whoever sees the whole district sees it all, by the district's name.
    for role in ("district_admin", "le_supervisor", "sro"):
        client.force_login(world.users[role])
        body = client.get(url).content.decode()
        assert "<h1>Staffing of North District&#x27;s schools</h1>" in body
        assert "North Middle School" in body


# -- queries stay the same as rows grow --------------------------------------------------------


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_staffing_page_takes_the_same_queries_for_30_schools(client, world):
    client.force_login(world.users["district_admin"])
    client.get(reverse("home"))  # warm the session's time zone
    url = reverse("district-staffing", args=[world.district.pk])
    before = count_queries(client, url)
    for n in range(30):
        school = SchoolFactory(district=world.district)
        enrollment_save(
            actor=world.users["district_admin"],
            school=school,
            school_year=2025,
            total=300 + n,
            counts=figures(300 + n),
        )
        school_profile_save(
            actor=world.users["district_admin"], school=school, school_year=2025, buildings=1
        )
        officer = OfficerFactory(agency=world.agency if n % 2 else world.second_agency)
        Assignment.objects.create(officer=officer, school=school, starts_on=date(2025, 8, 1))
    after = count_queries(client, url)
    assert before == after
    # Pinned: session, user, memberships (the door), the district, the count and the page of
    # its schools; the summary's figures, its agencies and schools with SROs today and which
    # of those an MOU covers (COPS-2, programs.coverage); the page's latest enrollments (with
    # IDEA and EL counts), latest profiles, today's assignments and the officers the user
    # may see; "may import" (the navigation's "may request reports" is answered by the
    # memberships), and the idle-timeout session save (savepoint, update, release).
    assert before == 17
    body = client.get(url).content.decode()
    assert body.count('<th scope="row">') == 25 and "32 schools" in body
    assert "Page 1 of 2" in body


def test_the_staffing_csv_builds_its_rows_a_chunk_at_a_time(client, world):
    for n in range(5):
        SchoolFactory(district=world.district, name=f"North Annex {n}")
    user, today = world.users["district_admin"], district_today(world.district)
    schools = staffing_schools_for(user, world.district, today=today)
    rows = district_staffing_rows(user, world.district, today=today, schools=schools, chunk=2)
    assert [r.school.name for r in rows] == [s.name for s in schools] and len(schools) == 7
    # The page's filters narrow the CSV as they narrow the page.
    client.force_login(user)
    url = reverse("district-staffing", args=[world.district.pk])
    response = client.get(url, {"enrollment": "missing", "q": "annex", "format": "csv"})
    lines = response.getvalue().decode().splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == [f"North Annex {n}" for n in range(5)]


def test_the_enrollment_pages_take_the_same_queries_however_many_years(client, world):
    client.force_login(world.users["school_admin"])
    client.get(reverse("home"))
    enrollment_save(
        actor=world.users["district_admin"],
        school=world.school,
        school_year=2025,
        total=520,
        counts=figures(),
    )
    urls = [
        reverse("school-enrollment", args=[world.school.pk]),
        reverse("school-enrollment-year", args=[world.school.pk, 2025]),
        reverse("school-profile", args=[world.school.pk]),
    ]
    before = [count_queries(client, url) for url in urls]
    for year in range(2012, 2025):
        enrollment_save(
            actor=world.users["district_admin"],
            school=world.school,
            school_year=year,
            total=500,
            counts=figures(500),
        )
        school_profile_save(
            actor=world.users["district_admin"], school=world.school, school_year=year, buildings=2
        )
    assert [count_queries(client, url) for url in urls] == before
    # Pinned. Each: session, user, memberships (the door), the school, "may change" and the
    # idle-timeout session save (savepoint, update, release); a school administrator's
    # navigation asks nothing more. The list adds the count of its years, the page of them and
    # their sums (one query for all years), the year page the year and its counts, the profile
    # page the profiles.
    assert before == [11, 10, 9]


# -- demo data ---------------------------------------------------------------------------------


def load_demo_enrollment(today):
    """Call demo_enrollment as programs/demo.py does, for each demo district."""
    from programs.demo import DISTRICTS, OFFICERS, STAFF_EMAIL
    from programs.demo_enrollment import demo_enrollment
    from programs.models import Agency, District, Officer, School
    from sro_admin.models import User

    staff = User.objects.get(email=STAFF_EMAIL)

    created = False
    for d in DISTRICTS:
        district = District.objects.get(slug=d["slug"])
        schools = [School.objects.get(district=district, name=name) for name in d["schools"]]
        agencies = [Agency.objects.get(name=name) for name, _kind in d["agencies"]]
        badges = [o[2] for o in OFFICERS[d["slug"]]]
        officers = [Officer.objects.get(badge_number=b, agency__in=agencies) for b in badges]
        created |= demo_enrollment(
            district=district,
            schools=schools,
            agencies=agencies,
            officers=officers,
            today=today,
            actor=staff,
        )
    return created


def test_demo_enrollment_is_realistic_adds_up_and_loads_once(db):
    from django.core.management import call_command
    from pghistory.models import Events

    call_command("load_demo")  # loads enrollment for the real today: start again at a fixed day
    Enrollment.objects.all().delete()
    SchoolProfile.objects.all().delete()
    today = date(2026, 3, 15)  # in the 2025-26 school year
    assert load_demo_enrollment(today)
    enrollments = list(Enrollment.objects.select_related("school"))
    assert len(enrollments) == 20 and {e.school_year for e in enrollments} == {2024, 2025}
    for e in enrollments:
        assert not [c for c in enrollment_check(e) if not c.adds_up], e
        name = e.school.name
        if "Elementary" in name:
            assert 300 <= e.total <= 500, e
        elif "Middle" in name:
            assert 600 <= e.total <= 800, e
        elif "High School" in name:
            assert 1000 <= e.total <= 1600, e
        else:  # an alternative academy, an early college: small high schools
            assert 120 <= e.total <= 320, e
    assert SchoolProfile.objects.filter(school_year=2025).count() == 10
    # Deterministic, and a second load adds nothing, not even an audit event.
    totals = sorted(Enrollment.objects.values_list("school__name", "school_year", "total"))
    before = (Enrollment.objects.count(), SchoolProfile.objects.count(), Events.objects.count())
    assert not load_demo_enrollment(today)
    assert (Enrollment.objects.count(), SchoolProfile.objects.count(), Events.objects.count()) == (
        before
    )
    Enrollment.objects.all().delete()
    SchoolProfile.objects.all().delete()
    load_demo_enrollment(today)
    assert sorted(Enrollment.objects.values_list("school__name", "school_year", "total")) == totals
