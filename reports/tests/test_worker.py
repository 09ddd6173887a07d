"""The whole background path: the real worker on the real broker, no eager mode."""

from io import BytesIO

import pytest
from pypdf import PdfReader

from conftest import wait_for
from reports import services
from reports.models import ReportRun

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_requested_run_is_done_by_the_worker_and_the_pdf_is_tagged(world, celery_worker):
    run = services.report_run_request(
        actor=world.users["district_admin"],
        kind=ReportRun.Kind.DISTRICT_ROSTER,
        district=world.district,
    )
    done = wait_for(
        lambda: ReportRun.objects.filter(pk=run.pk, status__in=["done", "failed"]).first(),
        timeout=90,
        message="The worker did not finish the report run",
    )
    assert done.status == ReportRun.Status.DONE, done.error
    assert done.progress == 100 and done.attempts == 1
    with done.file.open("rb") as f:
        reader = PdfReader(BytesIO(f.read()))
    text = reader.pages[0].extract_text()
    assert "Roster of North District" in text and "North High School" in text
    catalog = reader.trailer["/Root"]
    # A tagged PDF (PDF/UA-1): structure tree, marked content, language and a shown title.
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"]
    assert catalog["/Lang"] == "en"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"]
    assert reader.metadata.title == "Roster of North District"
    assert b"pdfuaid" in catalog["/Metadata"].get_object().get_data()


def test_the_worker_marks_a_broken_run_failed(world, celery_worker):
    run = ReportRun.objects.create(kind="no_such_report", district=world.district)
    services._enqueue(run.pk)
    failed = wait_for(
        lambda: ReportRun.objects.filter(pk=run.pk, status="failed").first(),
        timeout=90,
        message="The worker did not mark the run failed",
    )
    assert failed.error == "This report cannot be produced yet."
