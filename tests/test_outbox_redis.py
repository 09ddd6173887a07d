"""Redis stopped while people work: the change commits, the page answers normally, and once
Redis is back the relay hands over each follow-up, which happens exactly once (ADR 0016).

Real services only: the session's embedded Redis servers (the broker's and the page cache's)
are stopped and started again on the same sockets, under the session's real worker
(sro_admin/tests/redis_outage.py starts them again even when a test fails).
"""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import wait_for
from mous.models import MouVersion
from mous.tests.builders import draft, sign_all, submit
from reports.models import ReportRun
from sro_admin import outbox, public_cache
from sro_admin.models import OutboxMessage
from sro_admin.tests.redis_outage import redis_stopped

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


SIGNED_ON = date(2026, 8, 1)


def ready_to_execute(world) -> MouVersion:
    version = draft(world).versions.get()
    submit(world, version, on=SIGNED_ON)
    sign_all(world, version, on=SIGNED_ON)
    return version


def test_with_redis_down_the_pages_answer_and_every_follow_up_happens_once_it_is_back(
    client, world, celery_worker, settings
):
    district = world.district
    version = ready_to_execute(world)
    generation = public_cache.generation(district.pk)
    index_generation = public_cache.generation(public_cache.INDEX)
    client.force_login(world.users["district_admin"])
    assert outbox.pending() == 0

    with redis_stopped(settings.REDIS_URL), redis_stopped(settings.CACHE_REDIS_URL):
        # The MOU is executed: saved, and the page says so (no 500).
        response = client.post(reverse("mou-version-execute", args=[version.pk]), follow=True)
        assert response.status_code == 200
        assert "Executed. It is now the MOU in force" in response.content.decode()
        version.refresh_from_db()
        assert version.status == MouVersion.Status.EXECUTED
        # A report is requested: saved, and its page says it is requested, as it will be done.
        response = client.post(
            reverse("report-list"),
            {"kind": ReportRun.Kind.DISTRICT_ROSTER, "district": district.pk},
        )
        assert response.status_code == 302
        run = ReportRun.objects.get()
        assert client.get(response["Location"]).status_code == 200
        assert run.status == ReportRun.Status.REQUESTED

        # Three follow-ups wait, each tried once after its commit and kept with the error.
        waiting = list(OutboxMessage.objects.order_by("pk"))
        assert [(m.effect, m.name, m.sent_at) for m in waiting] == [
            ("task", "mous.tasks.mou_version_render_pdfs", None),
            ("call", "sro_admin.public_cache.refresh", None),
            ("task", "reports.tasks.report_run_execute", None),
        ]
        assert all(m.attempts == 1 and m.last_error for m in waiting)

    # The relay (the beat job's body), once their backoff is over.
    assert outbox.relay(now=timezone.now() + timedelta(minutes=10)) == 3
    assert outbox.pending() == 0
    wait_for(
        lambda: ReportRun.objects.filter(pk=run.pk, status__in=["done", "failed"]).exists(),
        timeout=90,
        message="The worker did not run the report once Redis was back",
    )
    made = wait_for(
        lambda: MouVersion.objects.filter(pk=version.pk).exclude(pdf_en="").first(),
        timeout=90,
        message="The worker did not make the MOU's PDF once Redis was back",
    )
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE and run.attempts == 1
    # A new generation: the next visitor gets a fresh page.
    refreshed = public_cache.generation(district.pk)
    assert refreshed != generation
    assert public_cache.generation(public_cache.INDEX) != index_generation

    # Exactly once: the relay finds nothing more to send, and nothing happens again.
    assert outbox.relay(now=timezone.now() + timedelta(hours=1)) == 0
    assert OutboxMessage.objects.filter(sent_at__isnull=False).count() == 3
    time.sleep(2)  # a second message, had there been one, would have reached the worker
    run.refresh_from_db()
    assert run.attempts == 1
    assert MouVersion.objects.get(pk=version.pk).pdf_en.name == made.pdf_en.name
    assert public_cache.generation(district.pk) == refreshed
