"""Report runs, called directly: request, execute, idempotency, failure, recovery."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from pypdf import PdfReader

from reports import selectors, services
from reports.models import ReportRun
from sro_admin.errors import RuleViolation


def pdf_text(run: ReportRun) -> str:
    with run.file.open("rb") as f:
        return "\n".join(page.extract_text() for page in PdfReader(BytesIO(f.read())).pages)


def test_a_request_creates_the_row_and_enqueues_on_commit(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        run = services.report_run_request(
            actor=world.users["district_admin"],
            kind=ReportRun.Kind.DISTRICT_ROSTER,
            district=world.district,
        )
    assert run.status == ReportRun.Status.REQUESTED and run.progress == 0
    assert run.requested_by == world.users["district_admin"]
    assert len(callbacks) == 1  # nothing is sent to the broker before the row is committed


@pytest.mark.parametrize("role", ["school_admin", "le_supervisor", "sro", "other_district_admin"])
def test_only_people_who_see_the_whole_district_may_request(world, role):
    with pytest.raises(RuleViolation):
        services.report_run_request(
            actor=world.users[role], kind=ReportRun.Kind.DISTRICT_ROSTER, district=world.district
        )


def test_executing_renders_a_pdf_of_the_district_roster(world):
    run = ReportRun.objects.create(kind=ReportRun.Kind.DISTRICT_ROSTER, district=world.district)
    services.report_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE and run.progress == 100
    assert run.started_at <= run.finished_at
    text = pdf_text(run)
    assert "Roster of North District" in text
    for name in [
        "North High School",
        "North Middle School",
        "North Police Department",
        "Pine County Sheriff",
    ]:
        assert name in text
    assert "South" not in text


def test_the_roster_speaks_the_requesters_language(world):
    run = ReportRun.objects.create(
        kind=ReportRun.Kind.DISTRICT_ROSTER, district=world.district, parameters={"language": "es"}
    )
    services.report_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert "Escuela" in pdf_text(run) or "escuela" in pdf_text(run)


def test_running_twice_does_no_harm(world):
    run = ReportRun.objects.create(kind=ReportRun.Kind.DISTRICT_ROSTER, district=world.district)
    services.report_run_execute(run_id=run.pk)
    run.refresh_from_db()
    first = (run.file.name, run.finished_at, run.attempts)
    services.report_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert (run.file.name, run.finished_at, run.attempts) == first


def test_a_run_another_worker_holds_is_left_alone(world):
    run = ReportRun.objects.create(
        kind=ReportRun.Kind.DISTRICT_ROSTER,
        district=world.district,
        status=ReportRun.Status.RUNNING,
        started_at=timezone.now(),
        attempts=1,
    )
    services.report_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.RUNNING and run.attempts == 1


def test_an_error_marks_the_run_failed_with_a_readable_message(world):
    run = ReportRun.objects.create(kind="no_such_report", district=world.district)
    services.report_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.FAILED
    assert run.error == "This report cannot be produced yet."
    assert not run.file


def test_stalled_runs_are_requeued_then_given_up(world, django_capture_on_commit_callbacks):
    long_ago = timezone.now() - timedelta(hours=1)
    stalled = ReportRun.objects.create(
        kind=ReportRun.Kind.DISTRICT_ROSTER,
        district=world.district,
        status=ReportRun.Status.RUNNING,
        started_at=long_ago,
        attempts=1,
    )
    exhausted = ReportRun.objects.create(
        kind=ReportRun.Kind.DISTRICT_ROSTER,
        district=world.district,
        status=ReportRun.Status.RUNNING,
        started_at=long_ago,
        attempts=services.MAX_ATTEMPTS,
    )
    fresh = ReportRun.objects.create(kind=ReportRun.Kind.DISTRICT_ROSTER, district=world.district)
    with django_capture_on_commit_callbacks() as callbacks:
        assert services.report_runs_recover_stalled() == 1
    assert len(callbacks) == 1
    stalled.refresh_from_db(), exhausted.refresh_from_db(), fresh.refresh_from_db()
    assert stalled.status == ReportRun.Status.REQUESTED
    assert exhausted.status == ReportRun.Status.FAILED and "3 times" in exhausted.error
    assert fresh.status == ReportRun.Status.REQUESTED


def test_the_roster_data_step_counts_from_the_database(world):
    data = selectors.district_roster_data(district=world.district)
    assert [s["name"] for s in data["schools"]] == ["North High School", "North Middle School"]
    assert [a["name"] for a in data["agencies"]] == [
        "North Police Department",
        "Pine County Sheriff",
    ]


def test_the_request_form_offers_only_the_districts_the_user_may_report_on(world):
    from reports.forms import ReportRequestForm

    viewer_form = ReportRequestForm(user=world.users["program_viewer"])
    assert list(viewer_form.fields["district"].queryset) == [world.district]
    assert viewer_form.fields["district"].initial == world.district
    staff_form = ReportRequestForm(user=world.users["staff"])
    assert set(staff_form.fields["district"].queryset) == {world.district, world.south}
    # A district from another tenant posted by hand is refused as an invalid choice.
    forged = ReportRequestForm(
        {"kind": "district_roster", "district": world.south.pk}, user=world.users["program_viewer"]
    )
    assert not forged.is_valid() and "district" in forged.errors


# -- the heartbeat: a dead worker is noticed in about a minute, not fifteen ---------------


def running_run(world, *, heartbeat_at, started_at=None) -> ReportRun:
    return ReportRun.objects.create(
        kind=ReportRun.Kind.DISTRICT_ROSTER,
        district=world.district,
        status=ReportRun.Status.RUNNING,
        started_at=started_at or heartbeat_at,
        heartbeat_at=heartbeat_at,
        progress=40,
        attempts=1,
    )


def test_a_run_whose_heartbeat_is_stale_is_claimed_again_and_built(world, settings):
    settings.REPORT_RUN_STALE_AFTER = timedelta(seconds=60)
    run = running_run(world, heartbeat_at=timezone.now() - timedelta(seconds=61))
    assert services.report_run_execute(run_id=run.pk) is None
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE and run.attempts == 2 and run.file


def test_a_live_heartbeat_keeps_the_run_for_its_worker_and_says_when_to_ask_again(world, settings):
    settings.REPORT_RUN_STALE_AFTER = timedelta(seconds=60)
    # Started long ago, but its worker spoke 20 seconds ago: a long build, not a dead worker.
    run = running_run(
        world,
        started_at=timezone.now() - timedelta(hours=1),
        heartbeat_at=timezone.now() - timedelta(seconds=20),
    )
    wait = services.report_run_execute(run_id=run.pk)
    assert 30 < wait <= 42
    run.refresh_from_db()
    assert run.status == ReportRun.Status.RUNNING and run.attempts == 1
    assert services.report_runs_recover_stalled() == 0


def test_the_recovery_job_requeues_a_run_whose_heartbeat_went_quiet(
    world, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_RUN_STALE_AFTER = timedelta(seconds=60)
    quiet = running_run(world, heartbeat_at=timezone.now() - timedelta(seconds=90))
    alive = running_run(world, heartbeat_at=timezone.now() - timedelta(seconds=10))
    with django_capture_on_commit_callbacks() as callbacks:
        assert services.report_runs_recover_stalled() == 1
    assert len(callbacks) == 1
    quiet.refresh_from_db(), alive.refresh_from_db()
    assert quiet.status == ReportRun.Status.REQUESTED
    assert alive.status == ReportRun.Status.RUNNING


def test_a_worker_whose_run_was_taken_over_writes_nothing(world):
    run = ReportRun.objects.create(kind=ReportRun.Kind.DISTRICT_ROSTER, district=world.district)
    claimed = services._claim(run.pk)
    # Meanwhile its heartbeat went stale and another worker claimed the run (attempt 2).
    ReportRun.objects.filter(pk=run.pk).update(attempts=2)
    services._progress(claimed, 40)
    run.refresh_from_db()
    assert run.progress == 0 and run.attempts == 2


def test_the_progress_page_says_interrupted_while_the_heartbeat_is_stale(world, settings):
    import time_machine
    from django.template.loader import render_to_string
    from django.utils import translation

    settings.REPORT_RUN_STALE_AFTER = timedelta(seconds=60)
    moment = timezone.now().replace(microsecond=0)
    run = running_run(world, heartbeat_at=moment)

    def status() -> str:
        return render_to_string("reports/partials/progress.html", {"run": run})

    with time_machine.travel(moment + timedelta(seconds=59), tick=False):
        assert "Running (40%)" in status() and "Interrupted" not in status()
    with time_machine.travel(moment + timedelta(seconds=61), tick=False):
        assert run.is_interrupted
        assert "Interrupted, resuming" in status()
        with translation.override("es"):
            assert "Interrumpido, reanudando" in status()
        # Requeued by the recovery job, not yet claimed: still interrupted, still resuming.
        run.status = ReportRun.Status.REQUESTED
        assert "Interrupted, resuming" in status()
        # Finished: the page says so, whatever the heartbeat.
        run.status, run.file = ReportRun.Status.DONE, "reports/x.pdf"
        assert "Interrupted" not in status()
