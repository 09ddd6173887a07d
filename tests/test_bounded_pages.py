"""No page grows with its tenant: every page the benchmark times (bench/pages.py), as its
role, shows as many rows and asks as many queries with three times the schools, officers,
training records and sessions (the benchmark's seed, twice). Lists are paged or summarised
with a link; what they compute is computed by the database. And `make bench` itself runs
(tiny volume; its numbers are for docs/performance.md, not for a test)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.pages import PAGES
from bench.run import _subjects
from bench.seed import seed
from programs.clock import district_today
from sro_admin.models import User

SMALL = {
    "schools": 30,
    "officers": 80,  # a page and more of them with training overdue
    "training_records": 900,
    "years": 3,
    "officer_records": 40,
    "staff_trainings": 30,
}
HTML_PAGES = [p for p in PAGES if p.kind == "page"]


def _shown(client: Client, url: str) -> tuple[int, int, int]:
    """Status, rows (table rows, list items, options) and queries of one request."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    body = response.content
    rows = body.count(b"<tr") + body.count(b"<li") + body.count(b"<option")
    return response.status_code, rows, len(queries.captured_queries)


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)
    return _subjects()


def _seed(subjects, batch: int, volume: dict) -> None:
    seed(
        district=subjects.district,
        agency=subjects.agency,
        officer=subjects.officer,
        volume=volume,
        today=district_today(subjects.district),
        batch=batch,
    )


def test_no_page_grows_with_the_tenant(demo):
    clients = {"": Client()}
    for who in {p.who for p in HTML_PAGES if p.who}:
        clients[who] = Client()
        clients[who].force_login(User.objects.get(email=f"{who}@riverbend.example"))
    _seed(demo, 1, SMALL)
    for page in HTML_PAGES:  # the session's time zone, the public page's cache: once
        clients[page.who].get(page.url(demo))
    before = {(p.name, p.who): _shown(clients[p.who], p.url(demo)) for p in HTML_PAGES}
    _seed(demo, 2, {name: n * 2 for name, n in SMALL.items()})
    after = {(p.name, p.who): _shown(clients[p.who], p.url(demo)) for p in HTML_PAGES}
    grew = {page: (before[page], after[page]) for page in before if before[page] != after[page]}
    assert all(status == 200 for status, _rows, _queries in after.values())
    # (status, rows, queries) before and after, for each page that changed.
    assert grew == {}


def test_make_bench_runs_and_prints_one_table(demo):
    from bench.run import run

    out = io.StringIO()
    tiny = {**SMALL, "import_rows": 300}
    run(out=out, volume=tiny, requests=2)
    table = out.getvalue()
    assert "| Page | Role |" in table
    for page in PAGES:
        assert f"| {page.name}" in table
    assert "| Training import | 300 |" in table
    assert "All hold:" in table
