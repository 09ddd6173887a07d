"""The audit trail names the system's own work: every Celery task and beat job runs in an
audit context with its name (sro_admin.audit.audited_task), so no history page says
"changed directly in the database" for it."""

from datetime import date

import pytest
from django.urls import reverse

from conftest import wait_for
from mous import services
from mous.models import MouVersion
from mous.tasks import mou_reviews_daily
from mous.tests.builders import draft, execute
from sro_admin.audit import audit_context, history_for
from sro_admin.celery import app

OUR_APPS = ("sro_admin.", "programs.", "mous.", "incidents.", "evaluations.", "reports.")


def test_every_task_and_beat_job_is_declared_with_audited_task():
    app.loader.import_default_modules()
    ours = {name: task for name, task in app.tasks.items() if name.startswith(OUR_APPS)}
    assert {
        "mous.tasks.mou_version_render_pdfs",
        "mous.tasks.mou_reviews_daily",
        "programs.tasks.training_attention_refresh",
        "reports.tasks.report_run_execute",
        "reports.tasks.report_runs_recover_stalled",
    } <= set(ours)
    for name, task in ours.items():
        assert getattr(task.run, "audit_source", None) == name, f"{name}: use audited_task"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_beat_job_run_by_the_worker_is_named_in_the_history(client, world, celery_worker):
    """mous.tasks.mou_reviews_daily, as beat sends it, on the real worker: it expires a
    version whose term ended long ago (so this test does not depend on the date), and the
    version's history page names the job."""
    with audit_context(source="test setup"):
        mou = draft(world, title="Old MOU")
        version = mou.versions.get()
        # The term is set on the draft: an executed version never changes.
        services.version_update(
            actor=world.users["district_admin"],
            version=version,
            change_summary="",
            supervision="Sgt. Pat Doe.",
            effective_from=date(2021, 6, 1),
            effective_until=date(2022, 5, 31),
            schools=list(version.schools.all()),
        )
        execute(world, version, on=date(2021, 6, 1))

    mou_reviews_daily.delay()
    wait_for(
        lambda: MouVersion.objects.filter(pk=version.pk, status="expired").exists(),
        timeout=90,
        message="The worker did not expire the version",
    )

    [expiry] = [e for e in history_for(version) if e.source == "mous.tasks.mou_reviews_daily"]
    assert ("Status", "Expired") in [(c.field, str(c.new)) for c in expiry.changes]
    assert expiry.actor == "" and expiry.url == ""
    client.force_login(world.users["district_admin"])
    page = client.get(reverse("mou-version-history", args=[version.pk])).content.decode()
    assert "System (mous.tasks.mou_reviews_daily)" in page
    assert "changed directly in the database" not in page
