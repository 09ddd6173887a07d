"""A district administrator imports a CRDC enrollment file and reads the year's tables."""

import pytest
from playwright.sync_api import expect

from conftest import serious_accessibility_violations, sign_in
from programs.tests.factories import PASSWORD
from tests.test_browser import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RACES = ["HI", "AM", "AS", "HP", "BL", "WH", "TR"]
HEADER = (
    ["LEAID", "SCH_NAME", "COMBOKEY"]
    + [f"SCH_ENR_{r}_{s}" for r in RACES for s in "MF"]
    + ["TOT_ENR_M", "TOT_ENR_F"]
    + [f"SCH_ENR_{f}_{s}" for f in ("IDEA", "504", "LEP") for s in "MF"]
    + ["G_09", "G_10", "G_11", "G_12"]
)


def crdc_line(name: str, combokey: str, by_race: dict[str, tuple[int, int]], **extra) -> str:
    values = {"LEAID": "9900001", "SCH_NAME": name, "COMBOKEY": combokey}
    for race in RACES:
        male, female = by_race.get(race, (0, 0))
        values[f"SCH_ENR_{race}_M"], values[f"SCH_ENR_{race}_F"] = male, female
    values["TOT_ENR_M"] = sum(m for m, _f in by_race.values())
    values["TOT_ENR_F"] = sum(f for _m, f in by_race.values())
    values.update(extra)
    return ",".join(str(values.get(column, "")) for column in HEADER)


def test_a_district_administrator_imports_a_crdc_file_and_sees_the_years_tables(
    page, world, tmp_path
):
    world.school.nces_id = "990000100001"
    world.school.save()
    high = {"HI": (88, 84), "AS": (20, 18), "BL": (60, 58), "WH": (300, 290), "TR": (22, 20)}
    middle = {"HI": (60, 58), "BL": (40, 41), "WH": (180, 175), "TR": (12, 14)}
    export = tmp_path / "crdc-2025.csv"
    export.write_text(
        ",".join(HEADER)
        + "\n"
        + crdc_line(
            "North High School",
            "990000100001",
            high,
            SCH_ENR_IDEA_M=70,
            SCH_ENR_IDEA_F=44,
            SCH_ENR_504_M=20,
            SCH_ENR_504_F=18,
            SCH_ENR_LEP_M=25,
            SCH_ENR_LEP_F=22,
            G_09=260,
            G_10=245,
            G_11=230,
            G_12=225,
        )
        + "\n"
        + crdc_line(
            "North Middle School",
            "",
            middle,
            SCH_ENR_IDEA_M=48,
            SCH_ENR_IDEA_F=30,
            SCH_ENR_504_M=9,
            SCH_ENR_504_F=8,
            SCH_ENR_LEP_M=30,
            SCH_ENR_LEP_F=26,
        )
        + "\n"
    )
    sign_in(page, world.users["district_admin"].email, PASSWORD)
    page.goto(f"/districts/{world.district.pk}/enrollment/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Import enrollment from a CRDC file")
    page.get_by_label("School year").select_option(label="2025-26")
    page.get_by_label("CRDC CSV file").set_input_files(str(export))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("All 2 rows are ready to import.")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    shot(page, "enrollment-import-preview")
    page.get_by_role("button", name="Import 2 schools").click()

    # The staffing view: North High's 960 students and its SRO; North Middle has none.
    expect(page.get_by_text("Imported the 2025-26 enrollment of 2 schools.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Staffing of North District's schools"
    )
    high_row = page.get_by_role("row").filter(
        has=page.get_by_role("link", name="North High School")
    )
    expect(high_row).to_contain_text("960")
    expect(high_row).to_contain_text("Sam Sample")
    middle_row = page.get_by_role("row").filter(
        has=page.get_by_role("link", name="North Middle School")
    )
    expect(middle_row).to_contain_text("No SRO assigned")
    assert serious_accessibility_violations(page) == []
    shot(page, "staffing")

    high_row.get_by_role("link", name="960").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enrollment at North High School, 2025-26"
    )
    race = page.get_by_role("table", name="Race/ethnicity by sex, 2025-26")
    white = race.get_by_role("row").filter(has=page.get_by_role("rowheader", name="White"))
    expect(white).to_contain_text("290")
    expect(white).to_contain_text("590")
    expect(page.get_by_text("Race/ethnicity by sex adds up to the total of 960.")).to_be_visible()
    expect(page.get_by_text("Grade level adds up to the total of 960.")).to_be_visible()
    disability = page.get_by_role("table", name="Disability, 2025-26")
    expect(
        disability.get_by_role("row").filter(
            has=page.get_by_role("rowheader", name="Students with disabilities (IDEA)")
        )
    ).to_contain_text("114")
    assert serious_accessibility_violations(page) == []
    shot(page, "enrollment-year")

    page.get_by_role("link", name="Edit this year").click()
    expect(page.get_by_label("Asian, Female")).to_have_value("18")
    expect(page.get_by_label("Grade 9")).to_have_value("260")
    assert serious_accessibility_violations(page) == []
    shot(page, "enrollment-edit")
