"""`make bench`: every main page at demo volume and at New York City's, in one run, and the
bulk-write rate; one table, with whether each target holds.

1. A fresh database (created for the run, dropped after) with the demo data.
2. Each page of bench/pages.py, as its role, `BENCH_REQUESTS` times, in five passes through
   all the pages (bench/timing.py): p50, p95, queries.
3. The seed (bench/seed.py) adds BENCH_VOLUME to the demo district and agency through the
   bulk-write path; its rate is printed. After each load, the training attention summary is
   written as its every-minute job would have (ADR 0019).
4. The same pages again, then the imports of bench/writes.py against `INSERT ... SELECT`.

Targets (issue "A New York City-sized program on today's pages"): a page's p95 at the large
volume is at most 100 ms and at most 1.5x its p95 at demo volume; a CSV starts within a
second; an import's save (its transaction, history included) runs at 50,000 rows/s or more
and at 0.15x `INSERT ... SELECT` or more; the whole import's rate is reported beside it.
"""

from __future__ import annotations

import platform
import sys
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from bench import writes
from bench.pages import PAGES, Page, Subjects
from bench.seed import seed
from bench.timing import Timing, time_pages

PAGE_P95_MS = 100.0
PAGE_RATIO = 1.5
CSV_FIRST_BYTES_MS = 1000.0
IMPORT_ROWS_PER_SECOND = 50_000
IMPORT_RATIO = 0.15


@dataclass(frozen=True)
class Row:
    page: Page
    small: Timing
    large: Timing

    @property
    def ratio(self) -> float:
        return self.large.p95_ms / self.small.p95_ms if self.small.p95_ms else 0.0

    @property
    def holds(self) -> bool:
        if self.page.kind == "csv":
            return self.large.p95_ms <= CSV_FIRST_BYTES_MS and self.large.status == 200
        return (
            self.large.p95_ms <= PAGE_P95_MS
            and self.ratio <= PAGE_RATIO
            and self.large.status == 200
        )


def _subjects() -> Subjects:
    from programs.models import Agency, District, Officer, Program, School

    district = District.objects.get(slug="riverbend")
    return Subjects(
        district=district,
        program=Program.objects.get(district=district),
        school=School.objects.get(district=district, name="Riverbend High School"),
        agency=Agency.objects.get(name="Riverbend Police Department"),
        officer=Officer.objects.get(badge_number="RPD-1042"),
    )


def _clients() -> dict[str, Client]:
    from sro_admin.models import User

    clients: dict[str, Client] = {"": Client()}
    for who in {p.who for p in PAGES if p.who}:
        client = Client()
        client.force_login(User.objects.get(email=f"{who}@riverbend.example"))
        clients[who] = client
    return clients


def _time_all(subjects: Subjects, clients: dict[str, Client], requests: int, out) -> list[Timing]:
    timings = time_pages(
        [(clients[page.who], page.url(subjects), page.kind) for page in PAGES], requests=requests
    )
    for page, timing in zip(PAGES, timings, strict=True):
        out.write(f"  {page.name} ({page.who or 'public'}): p95 {timing.p95_ms:.1f} ms\n")
    return timings


def run(*, out=sys.stdout, volume: dict | None = None, requests: int | None = None) -> bool:
    """The whole benchmark on the current database (which it fills). True if every target
    holds."""
    from programs.clock import district_today
    from sro_admin.models import User

    volume = volume or settings.BENCH_VOLUME
    requests = requests or settings.BENCH_REQUESTS
    started = time.perf_counter()
    call_command("load_demo", verbosity=0)
    _attention_refresh(out)
    subjects = _subjects()
    clients = _clients()
    out.write(f"Demo volume: {len(PAGES)} pages, {requests} requests each\n")
    small = _time_all(subjects, clients, requests, out)
    out.write(f"Seeding {_describe(volume)} ...\n")
    today = district_today(subjects.district)
    seeded = seed(
        district=subjects.district,
        agency=subjects.agency,
        officer=subjects.officer,
        volume=volume,
        today=today,
    )
    out.write(
        f"  {seeded.total:,} rows in {seeded.seconds:.1f} s "
        f"({seeded.total / seeded.seconds:,.0f} rows/s, history included)\n"
    )
    _attention_refresh(out)
    out.write("Seeded volume\n")
    large = _time_all(subjects, clients, requests, out)
    rows = [Row(page, s, big) for page, s, big in zip(PAGES, small, large, strict=True)]
    out.write("Imports\n")
    supervisor = User.objects.get(email="supervisor@riverbend.example")
    imports = []
    try:
        imports.append(
            writes.training_import(
                actor=supervisor, agency=subjects.agency, rows=volume["import_rows"], today=today
            )
        )
    except Exception as error:  # noqa: BLE001 - the table says what failed
        out.write(f"  Training import failed: {error}\n")
    ok = _table(rows, imports, seeded, volume, out, elapsed=time.perf_counter() - started)
    return ok and len(imports) == 1


def _attention_refresh(out) -> None:
    """What the every-minute job (programs.tasks.training_attention_refresh) has done by the
    time anyone looks after a load: the pages read its summary (ADR 0019)."""
    from programs.services.attention import training_attention_refresh

    started = time.perf_counter()
    written = training_attention_refresh()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE programs_trainingattention")  # as autovacuum would
    out.write(
        f"  Training attention summary: {written:,} rows in "
        f"{(time.perf_counter() - started) * 1000:.0f} ms (the every-minute job)\n"
    )


def _describe(volume: dict) -> str:
    return ", ".join(f"{n:,} {name.replace('_', ' ')}" for name, n in volume.items())


def _yes(ok: bool) -> str:
    return "yes" if ok else "**NO**"


def _import_holds(i: writes.WriteTiming) -> bool:
    """The target is the save's (its transaction: the bulk write, history included); the
    whole import's rate is reported beside it."""
    return i.save_rate >= IMPORT_ROWS_PER_SECOND and i.ratio >= IMPORT_RATIO


def _table(rows: list[Row], imports, seeded, volume, out, *, elapsed: float) -> bool:
    ok = all(r.holds for r in rows) and all(_import_holds(i) for i in imports)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (pg,) = cursor.fetchone()
    when = timezone.localtime().strftime("%Y-%m-%d %H:%M %Z")
    out.write(
        f"\n## make bench, {when}\n\n"
        f"Machine: {platform.machine()}, {_cores()} cores, Python {platform.python_version()}, "
        f"PostgreSQL {pg}. Volume: {_describe(volume)}. Seed: {seeded.total:,} rows in "
        f"{seeded.seconds:.1f} s. Whole run: {elapsed:.0f} s.\n\n"
    )
    out.write(
        "| Page | Role | Demo p50 / p95 ms | Large p50 / p95 ms | p95 ratio | Queries "
        "(demo / large) | Rows, items (demo / large) | KB (large) | Target holds |\n"
        "|---|---|---|---|---|---|---|---|---|\n"
    )
    for r in rows:
        first = " (first bytes)" if r.page.kind == "csv" else ""
        out.write(
            f"| {r.page.name}{first} | {r.page.who or 'public'} "
            f"| {r.small.p50_ms:.1f} / {r.small.p95_ms:.1f} "
            f"| {r.large.p50_ms:.1f} / {r.large.p95_ms:.1f} | {r.ratio:.2f}x "
            f"| {r.small.queries} / {r.large.queries} | {r.small.rows} / {r.large.rows} "
            f"| {r.large.kilobytes:,.0f} | {_yes(r.holds)} |\n"
        )
    out.write(
        "\n| Import | Rows | Whole import rows/s (s) | Its save rows/s (s) "
        "| INSERT ... SELECT rows/s | Ratio (save / INSERT ... SELECT) | Target holds |\n"
        "|---|---|---|---|---|---|---|\n"
    )
    for i in imports:
        out.write(
            f"| {i.name} | {i.rows:,} | {i.rate:,.0f} ({i.seconds:.2f}) "
            f"| {i.save_rate:,.0f} ({i.save_seconds:.2f}) "
            f"| {i.baseline_rate:,.0f} | {i.ratio:.2f}x | {_yes(_import_holds(i))} |\n"
        )
    out.write(
        f"\nTargets: a page's p95 <= {PAGE_P95_MS:.0f} ms and <= {PAGE_RATIO}x its demo p95; "
        f"a CSV's first bytes <= {CSV_FIRST_BYTES_MS:.0f} ms; an import's save >= "
        f"{IMPORT_ROWS_PER_SECOND:,} rows/s and >= {IMPORT_RATIO}x INSERT ... SELECT. "
        f"All hold: {_yes(ok)}.\n"
    )
    return ok


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0))
