"""Demo enrollment by group and school profiles for one district (see programs/demo.py).

Deterministic: every figure comes from a random generator seeded with the district's short
name, the school's position and the year, so two loads give the same numbers. Every
breakdown adds up to the school's total. Running it twice adds nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from programs.groups import Disability, EnglishLearner, Grade, Race, Sex
from programs.models import District, Enrollment, EnrollmentCount, School, SchoolProfile
from programs.selectors.enrollment import current_school_year
from programs.services.enrollment import enrollment_save, school_profile_save

Breakdown = EnrollmentCount.Breakdown


@dataclass(frozen=True)
class Level:
    grades_served: str
    grades: list[str]
    smallest: int
    largest: int
    buildings: tuple[int, int]
    acres: tuple[int, int]
    incidents_per_100: tuple[int, int]  # discipline incidents per 100 students
    idea_percent: tuple[int, int]
    section_504_percent: tuple[int, int]
    safety_staff: tuple[int, int]
    nonbinary: tuple[int, int]


ELEMENTARY = Level(
    grades_served="K-5",
    grades=["k", "01", "02", "03", "04", "05"],
    smallest=300,
    largest=500,
    buildings=(1, 1),
    acres=(8, 12),
    incidents_per_100=(2, 6),
    idea_percent=(13, 17),
    section_504_percent=(1, 3),
    safety_staff=(0, 1),
    nonbinary=(0, 0),
)
MIDDLE = Level(
    grades_served="6-8",
    grades=["06", "07", "08"],
    smallest=600,
    largest=800,
    buildings=(1, 2),
    acres=(15, 25),
    incidents_per_100=(10, 18),
    idea_percent=(12, 16),
    section_504_percent=(2, 4),
    safety_staff=(1, 2),
    nonbinary=(0, 3),
)
HIGH = Level(
    grades_served="9-12",
    grades=["09", "10", "11", "12"],
    smallest=1000,
    largest=1600,
    buildings=(2, 4),
    acres=(35, 60),
    incidents_per_100=(8, 14),
    idea_percent=(11, 14),
    section_504_percent=(4, 6),
    safety_staff=(2, 5),
    nonbinary=(1, 5),
)
# Alternative and early-college high schools are small; many of their students have IEPs.
SMALL_HIGH = Level(
    grades_served="9-12",
    grades=["09", "10", "11", "12", "ug"],
    smallest=120,
    largest=320,
    buildings=(1, 1),
    acres=(3, 6),
    incidents_per_100=(15, 30),
    idea_percent=(18, 24),
    section_504_percent=(3, 6),
    safety_staff=(1, 2),
    nonbinary=(0, 2),
)


def _level(school: School) -> Level:
    name = school.name.lower()
    if "elementary" in name:
        return ELEMENTARY
    if "middle" in name:
        return MIDDLE
    if "high school" in name:
        return HIGH
    return SMALL_HIGH


# Race/ethnicity shares (percent) in Race order: Hispanic, American Indian, Asian, Pacific
# Islander, Black, White, two or more. Made up, in the range of real districts of each kind.
RACE_SHARES = {
    "riverbend": [8.0, 0.3, 3.0, 0.2, 14.0, 68.0, 6.5],
    "cedar-valley": [32.0, 1.2, 3.0, 0.3, 3.0, 54.5, 6.0],
}
DEFAULT_RACE_SHARES = [20.0, 1.0, 5.0, 0.5, 12.0, 55.0, 6.5]
EL_PERCENT = {"riverbend": (3, 6), "cedar-valley": (10, 18)}
LOCALE = {"riverbend": SchoolProfile.Locale.SUBURB, "cedar-valley": SchoolProfile.Locale.TOWN}
STREETS = ["River Road", "Maple Avenue", "Schoolhouse Lane", "Ridge Drive", "Meadow Street"]


def _split(total: int, weights: list[float]) -> list[int]:
    """`total` in parts proportional to `weights`, adding up exactly (largest remainder)."""
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    parts = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: exact[i] - parts[i], reverse=True)
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _figures(
    slug: str, position: int, level: Level, year: int
) -> tuple[int, dict[tuple[str, str], int]]:
    school_rng = random.Random(f"{slug}:{position}")  # what stays the same year to year
    year_rng = random.Random(f"{slug}:{position}:{year}")
    base = school_rng.randint(level.smallest, level.largest)
    total = max(level.smallest, min(level.largest, round(base * year_rng.uniform(0.96, 1.04))))
    counts: dict[tuple[str, str], int] = {}

    shares = [s * school_rng.uniform(0.8, 1.2) for s in RACE_SHARES.get(slug, DEFAULT_RACE_SHARES)]
    nonbinary = year_rng.randint(*level.nonbinary)
    female = round((total - nonbinary) * year_rng.uniform(0.47, 0.50))
    for sex, n in ((Sex.FEMALE, female), (Sex.MALE, total - nonbinary - female)):
        for race, count in zip(Race, _split(n, shares), strict=True):
            counts[(Breakdown.RACE_SEX, f"{race}:{sex}")] = count
    for race, count in zip(Race, _split(nonbinary, shares), strict=True):
        counts[(Breakdown.RACE_SEX, f"{race}:{Sex.NONBINARY}")] = count

    idea = round(total * school_rng.randint(*level.idea_percent) / 100)
    only_504 = round(total * school_rng.randint(*level.section_504_percent) / 100)
    counts[(Breakdown.DISABILITY, Disability.IDEA)] = idea
    counts[(Breakdown.DISABILITY, Disability.SECTION_504)] = only_504
    counts[(Breakdown.DISABILITY, Disability.NEITHER)] = total - idea - only_504

    el_low, el_high = EL_PERCENT.get(slug, (5, 12))
    if level is ELEMENTARY:  # more English learners in the early grades
        el_low, el_high = el_low + 2, el_high + 4
    learners = round(total * school_rng.randint(el_low, el_high) / 100)
    counts[(Breakdown.ENGLISH_LEARNER, EnglishLearner.YES)] = learners
    counts[(Breakdown.ENGLISH_LEARNER, EnglishLearner.NO)] = total - learners

    grades = list(level.grades)
    if level is ELEMENTARY and position % 2 == 0:
        grades.insert(0, Grade.PK.value)  # one of the two elementary schools has pre-K
    weights = [
        0.4 if g == Grade.PK else 0.15 if g == Grade.UNGRADED else year_rng.uniform(0.9, 1.1)
        for g in grades
    ]
    for grade, count in zip(grades, _split(total, weights), strict=True):
        counts[(Breakdown.GRADE, grade)] = count
    return total, counts


def _profile(district: District, position: int, level: Level, total: int) -> dict:
    rng = random.Random(f"{district.slug}:{position}:profile")
    town = district.name.split(" ")[0]
    incidents = round(total * rng.randint(*level.incidents_per_100) / 100)
    grades_served = level.grades_served
    if level is ELEMENTARY and position % 2 == 0:
        grades_served = "PK-5"
    return {
        "grades_served": grades_served,
        "address": f"{100 + 137 * position} {STREETS[position % len(STREETS)]}, {town}, "
        f"{district.state}",
        "locale": LOCALE.get(district.slug, SchoolProfile.Locale.SUBURB),
        "buildings": rng.randint(*level.buildings),
        "campus_acres": Decimal(rng.randint(level.acres[0] * 10, level.acres[1] * 10)) / 10,
        "discipline_incidents": incidents,
        "calls_for_service": round(incidents * rng.uniform(0.15, 0.35)),
        "non_sworn_safety_staff": rng.randint(*level.safety_staff),
        "special_education_program": level is not ELEMENTARY or position % 2 == 0,
        "esl_program": EL_PERCENT.get(district.slug, (5, 12))[0] >= 8 or level is ELEMENTARY,
    }


def demo_enrollment(*, district: District, schools, agencies, officers, today: date, actor) -> bool:
    """Enrollment by group for the current school year and the one before, and a profile for
    the current year, for each of `schools` (the district's five, in demo order). Returns True
    if anything was created. `agencies` and `officers` are not needed here; they are taken so
    every demo part is called the same way."""
    current = current_school_year(today)
    created = False
    for position, school in enumerate(schools):
        level = _level(school)
        total = None
        for year in (current - 1, current):
            total, counts = _figures(district.slug, position, level, year)
            if Enrollment.objects.filter(school=school, school_year=year).exists():
                continue
            enrollment_save(
                actor=actor,
                school=school,
                school_year=year,
                total=total,
                counts=counts,
                # Last year's figures came from the CRDC file; this year's were typed in.
                source=Enrollment.Source.CRDC_IMPORT if year < current else Enrollment.Source.FORM,
                today=today,
            )
            created = True
        if not SchoolProfile.objects.filter(school=school, school_year=current).exists():
            school_profile_save(
                actor=actor,
                school=school,
                school_year=current,
                today=today,
                **_profile(district, position, level, total),
            )
            created = True
    return created
