"""The whole background path: the real worker on the real broker, no eager mode."""

import os
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from datetime import timedelta
from io import BytesIO
from pathlib import Path

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


# -- a worker killed mid-report ------------------------------------------------------------


@contextmanager
def own_worker(name: str, queue: str, **extra_env: str):
    """A short-lived `celery worker` (prefork, one child) on the test database and broker,
    in its own process group so the test can SIGKILL it whole; the session's worker is
    left alone. Yields the process."""
    from django.conf import settings
    from django.db import connection

    database_url = settings.DATABASE_URL.rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    log_path = Path(settings.TEST_VAR_DIR) / f"worker-{queue}-{name}.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sro_admin.settings.test",
        "DATABASE_URL": database_url,
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_QUEUE": queue,
        **extra_env,
    }
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "sro_admin", "worker"]
            + ["--pool", "prefork", "--concurrency", "1", "--loglevel", "INFO"]
            + ["--queues", queue, "--hostname", f"{name}-{queue}@%h"]
            + ["--without-gossip", "--without-mingle", "--without-heartbeat"],
            env=env,
            cwd=settings.BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for(
            lambda: " ready." in log_path.read_text() or process.poll() is not None,
            timeout=90,
            message=f"The worker {name} did not start",
        )
        assert process.poll() is None, log_path.read_text()[-3000:]
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture
def private_queue():
    """Send this test's tasks to a queue only its own workers listen on."""
    from sro_admin.celery import app

    before = app.conf.task_default_queue
    app.conf.task_default_queue = queue = f"test-kill-{uuid.uuid4().hex[:8]}"
    yield queue
    app.conf.task_default_queue = before


def test_a_worker_killed_mid_report_the_run_finishes_once_on_a_new_worker(
    world, settings, private_queue
):
    # Both sides judge the heartbeat alike: this process (the recovery job it plays) and
    # the workers; shorter than the default minute so the test is quick.
    stale = 10
    settings.REPORT_RUN_STALE_AFTER = timedelta(seconds=stale)
    timing = {"REPORT_RUN_STALE_SECONDS": str(stale)}
    folder = Path(settings.MEDIA_ROOT) / "reports" / world.district.slug
    files_before = set(folder.glob("*.pdf"))
    with own_worker("doomed", private_queue, REPORT_RUN_TEST_PAUSE_SECONDS="600", **timing) as w:
        run = services.report_run_request(
            actor=world.users["district_admin"],
            kind=ReportRun.Kind.DISTRICT_ROSTER,
            district=world.district,
        )
        wait_for(
            lambda: ReportRun.objects.filter(pk=run.pk, status="running", progress=40).exists(),
            timeout=60,
            message="The first worker did not reach the slow step",
        )
        os.killpg(w.pid, signal.SIGKILL)  # mid-report; its message stays unacknowledged
        w.wait(timeout=10)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.RUNNING and not run.file
    # No sign of life: the progress page says so instead of "Running (40%)".
    wait_for(
        lambda: ReportRun.objects.get(pk=run.pk).is_interrupted,
        timeout=stale + 10,
        message="The run never showed as interrupted",
    )
    with own_worker("rescuer", private_queue, **timing):
        started = time.monotonic()

        def finished() -> ReportRun | None:
            # The test plays the beat, which sends the recovery job every minute.
            services.report_runs_recover_stalled()
            return ReportRun.objects.filter(pk=run.pk, status__in=["done", "failed"]).first()

        done = wait_for(
            finished, timeout=120, interval=2, message="The run did not finish on a new worker"
        )
        assert time.monotonic() - started < 120
    assert done.status == ReportRun.Status.DONE, done.error
    assert done.attempts == 2 and done.progress == 100
    # Built once: one new file, the one the run names.
    assert set(folder.glob("*.pdf")) - files_before == {Path(done.file.path)}


def test_a_killed_pool_child_the_redelivered_message_claims_the_run_once_it_is_stale(
    world, settings, private_queue
):
    """The child building the report dies; the worker gives the message back at once
    (reject_on_worker_lost) and it is retried until the dead child's heartbeat is stale,
    then claimed: no recovery job involved."""
    stale = 10
    settings.REPORT_RUN_STALE_AFTER = timedelta(seconds=stale)
    with own_worker(
        "survivor",
        private_queue,
        REPORT_RUN_STALE_SECONDS=str(stale),
        REPORT_RUN_TEST_PAUSE_SECONDS="5",
    ) as worker:
        run = services.report_run_request(
            actor=world.users["district_admin"],
            kind=ReportRun.Kind.DISTRICT_ROSTER,
            district=world.district,
        )
        wait_for(
            lambda: ReportRun.objects.filter(pk=run.pk, status="running", progress=40).exists(),
            timeout=60,
            message="The worker did not reach the slow step",
        )
        children = Path(f"/proc/{worker.pid}/task/{worker.pid}/children").read_text().split()
        assert len(children) == 1
        os.kill(int(children[0]), signal.SIGKILL)
        done = wait_for(
            lambda: ReportRun.objects.filter(pk=run.pk, status__in=["done", "failed"]).first(),
            timeout=90,
            message="The redelivered message did not finish the run",
        )
    assert done.status == ReportRun.Status.DONE, done.error
    assert done.attempts == 2
