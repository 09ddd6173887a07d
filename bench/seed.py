"""A New York City-sized program added to one demo district and one demo agency.

Everything goes through the bulk-write path (sro_admin.bulk.bulk_insert: one COPY per table,
history triggers on), in one transaction, under the audit context "bench.seed". The volume is
the BENCH_VOLUME setting. Names are made up ("Bench School 1-00042", "Officer01234").

The shape follows what a large program holds: schools with ten school years of enrollment by
group; officers of one agency, each placed at a school now (most had an earlier placement),
with ten years of training; school-staff training sessions; and one officer (the demo SRO,
whose page the benchmark times) with `officer_records` records. Dates count back from the
district's today, spread so that the grid shows every standing.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection, transaction

from programs.groups import Disability, EnglishLearner, Race, Sex
from programs.models import (
    Agency,
    Assignment,
    Course,
    District,
    Enrollment,
    EnrollmentCount,
    Officer,
    Program,
    School,
    StaffTrainingSession,
    TrainingRecord,
)
from sro_admin.audit import audit_context
from sro_admin.bulk import bulk_insert

SOURCE = "bench.seed"
# The catalogue's courses the demo program requires; an officer's other records are topics.
_SCHEDULED = {
    "basic-sro",
    "advanced-sro",
    "special-needs-iep",
    "annual-school-safety",
    "rapid-deployment",
}


@dataclass
class Seeded:
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows written
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _ids(model, **filters) -> list[int]:
    return list(model.objects.filter(**filters).order_by("pk").values_list("pk", flat=True))


def seed(
    *,
    district: District,
    agency: Agency,
    officer: Officer,
    volume: dict,
    today: date,
    batch: int = 1,
) -> Seeded:
    """Add `volume` to `district` (its program) and `agency`; `officer` (the demo SRO) gets
    `volume["officer_records"]` training records. Returns what was written, and how fast.
    Seeding again with another `batch` (1-9) adds as much again, under other names."""
    started = time.perf_counter()
    done = Seeded()
    rng = random.Random(2026)  # the same data every run
    program = Program.objects.get(district=district)
    with transaction.atomic(), audit_context(source=SOURCE):
        done.rows["schools"] = bulk_insert(
            School,
            ["district", "name", "nces_id"],
            (
                (district.pk, f"Bench School {batch}-{n:05d}", f"9{batch}{n:07d}")
                for n in range(1, volume["schools"] + 1)
            ),
        )
        schools = _ids(School, district=district, name__startswith=f"Bench School {batch}-")
        first_year = today.year - volume["years"]
        years = range(first_year + 1, today.year + 1)
        done.rows["enrollments"] = bulk_insert(
            Enrollment,
            ["school", "school_year", "total", "source"],
            ((s, y, 400 + (s * 7 + y) % 1200, "crdc_import") for s in schools for y in years),
        )
        done.rows["enrollment counts"] = bulk_insert(
            EnrollmentCount,
            ["enrollment", "breakdown", "group", "count"],
            _counts(list(Enrollment.objects.filter(school__in=schools).values_list("pk", "total"))),
        )
        done.rows["officers"] = bulk_insert(
            Officer,
            [
                "agency",
                "first_name",
                "last_name",
                "badge_number",
                "rank",
                "sworn_on",
                "volunteered",
            ],
            (
                (
                    agency.pk,
                    FIRST_NAMES[n % len(FIRST_NAMES)],
                    f"Officer{n:05d}",
                    f"NYB{batch}-{n:05d}",
                    "Officer",
                    today - timedelta(days=365 * (3 + n % 20)),
                    True,
                )
                for n in range(1, volume["officers"] + 1)
            ),
        )
        officers = _ids(Officer, agency=agency, badge_number__startswith=f"NYB{batch}-")
        placements = _assignments(officers, schools, today=today, years=volume["years"], rng=rng)
        done.rows["assignments"] = bulk_insert(
            Assignment, ["officer", "school", "starts_on", "ends_on", "kind"], placements
        )
        courses = _courses()
        per_officer = max(1, volume["training_records"] // max(1, len(officers)))
        done.rows["training records"] = bulk_insert(
            TrainingRecord,
            ["officer", "course", "completed_on", "hours", "provider"],
            _training(
                officers,
                courses,
                per_officer=per_officer,
                today=today,
                years=volume["years"],
                rng=rng,
            ),
        )
        done.rows["training records"] += bulk_insert(
            TrainingRecord,
            ["officer", "course", "completed_on", "hours", "provider"],
            _training(
                [officer.pk],
                courses,
                per_officer=volume["officer_records"],
                today=today,
                years=volume["years"],
                rng=rng,
                skip=set(
                    TrainingRecord.objects.filter(officer=officer).values_list(
                        "course_id", "completed_on"
                    )
                ),
            ),
        )
        done.rows["staff training sessions"] = bulk_insert(
            StaffTrainingSession,
            ["program", "held_on", "title", "hours", "staff_attended", "administrators_attended"],
            (
                (
                    program.pk,
                    today - timedelta(days=rng.randrange(365 * volume["years"])),
                    f"Bench staff session {batch}-{n:05d}",
                    Decimal("2.0"),
                    rng.randrange(5, 60),
                    rng.randrange(0, 3),
                )
                for n in range(1, volume["staff_trainings"] + 1)
            ),
        )
        sessions = _ids(
            StaffTrainingSession, program=program, title__startswith=f"Bench staff session {batch}-"
        )
        done.rows["staff training schools"] = bulk_insert(
            StaffTrainingSession.schools.through,
            ["stafftrainingsession", "school"],
            ((s, schools[(i * 13) % len(schools)]) for i, s in enumerate(sessions)),
        )
        done.rows["staff training SROs"] = bulk_insert(
            StaffTrainingSession.sros.through,
            ["stafftrainingsession", "officer"],
            ((s, officers[(i * 7) % len(officers)]) for i, s in enumerate(sessions) if i % 3),
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would after such a load
    done.seconds = time.perf_counter() - started
    return done


FIRST_NAMES = [
    "Alex", "Bailey", "Cameron", "Dakota", "Elliot", "Frankie", "Gray", "Hayden", "Indigo",
    "Jessie", "Kendall", "Lennon", "Marlowe", "Nico", "Oakley", "Peyton", "Reese", "Sage",
    "Tatum", "Umber", "Vesper", "Wren", "Yael", "Zion",
]  # fmt: skip


def _counts(enrollments):
    """Counts by race and sex, disability and English learner that add up to the total."""
    races = list(Race.values)
    sexes = [Sex.FEMALE, Sex.MALE]
    for pk, total in enrollments:
        share, left = total // (len(races) * len(sexes)), total
        for i, race in enumerate(races):
            for j, sex in enumerate(sexes):
                last = i == len(races) - 1 and j == len(sexes) - 1
                n = left if last else share
                left -= n
                yield pk, "race_sex", f"{race}:{sex}", n
        idea, only_504 = total // 8, total // 30
        yield pk, "disability", Disability.IDEA, idea
        yield pk, "disability", Disability.SECTION_504, only_504
        yield pk, "disability", Disability.NEITHER, total - idea - only_504
        learners = total // 7
        yield pk, "english_learner", EnglishLearner.YES, learners
        yield pk, "english_learner", EnglishLearner.NO, total - learners


def _assignments(officers, schools, *, today: date, years: int, rng: random.Random):
    """Each officer at one school now, placed up to `years` ago; most had an earlier
    placement at another school that ended the day before."""
    for n, officer in enumerate(officers):
        school = schools[n % len(schools)]
        starts_on = today - timedelta(days=rng.randrange(30, 365 * years // 2))
        if n % 4:
            earlier = schools[(n * 7 + 3) % len(schools)]
            if earlier != school:
                began = starts_on - timedelta(days=rng.randrange(365, 365 * years // 2))
                yield officer, earlier, began, starts_on - timedelta(days=1), "fixed"
        yield officer, school, starts_on, None, "fixed"


def _courses() -> list[tuple[int, str]]:
    """(id, code) of the catalogue's courses."""
    return list(Course.objects.filter(program=None).order_by("pk").values_list("pk", "code"))


def _training(officers, courses, *, per_officer, today, years, rng, skip=frozenset()):
    """`per_officer` records each over `years`: the requirement courses on their schedule
    (some officers late or missing a year, so every standing shows), topics for the rest."""
    by_code = {code: pk for pk, code in courses}
    topics = [pk for pk, code in courses if code not in _SCHEDULED] or [courses[0][0]]
    for officer in officers:
        yield from _officer_training(
            officer, by_code, topics, per_officer=per_officer, today=today, years=years,
            rng=rng, skip=skip,
        )  # fmt: skip


def _officer_training(officer, by_code, topics, *, per_officer, today, years, rng, skip):
    span = 365 * years
    used: set[tuple[int, date]] = set(skip)
    days: list[tuple[int, date]] = []
    kind = officer % 10  # a few officers of each sort
    if kind != 0 and "basic-sro" in by_code:  # kind 0: basic course never done
        days.append((by_code["basic-sro"], today - timedelta(days=span - 200)))
    if kind not in (0, 1) and "advanced-sro" in by_code:
        days.append((by_code["advanced-sro"], today - timedelta(days=span - 600)))
    if kind != 2 and "special-needs-iep" in by_code:
        days.append((by_code["special-needs-iep"], today - timedelta(days=span - 400)))
    if "annual-school-safety" in by_code:
        for year_back in range(years):
            if (kind, year_back) in ((3, 0), (4, 1)):
                continue  # this year's not done yet (due), or last year's missed (overdue)
            back = 365 * year_back + rng.randrange(20, 300)
            days.append((by_code["annual-school-safety"], today - timedelta(days=back)))
    if "rapid-deployment" in by_code:
        last = 700 if kind == 5 else rng.randrange(30, 300)  # kind 5: overdue
        for back in range(last, span, 730):
            days.append((by_code["rapid-deployment"], today - timedelta(days=back)))
    attempts = 0
    while len(days) < per_officer * 2 and attempts < per_officer * 4:
        attempts += 1
        days.append((rng.choice(topics), today - timedelta(days=rng.randrange(span))))
    made = 0
    for course_id, day in days:
        if made >= per_officer:
            return
        if day > today or (course_id, day) in used:
            continue
        used.add((course_id, day))
        made += 1
        yield officer, course_id, day, Decimal("4.0"), "Bench academy"
