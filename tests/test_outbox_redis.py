"""Redis stopped while people work: the change commits, the page answers normally, and once
Redis is back the relay hands over each follow-up, which happens exactly once (ADR 0016).

Real services only: the session's embedded Redis (sro_admin.embedded) is stopped and started
again on the same socket, under the session's real worker. The fixture starts it again even
when a test fails, so the rest of the suite finds its broker.
"""

from __future__ import annotations

import os
import signal
import time
from contextlib import suppress
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import wait_for
from mous import public_cache
from mous.models import MouVersion
from mous.tests.builders import draft, sign_all, submit
from reports.models import ReportRun
from sro_admin import embedded, outbox
from sro_admin.models import OutboxMessage

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _wait_gone(pid: int) -> None:
    deadline = time.monotonic() + 15
    while embedded._alive(pid) and time.monotonic() < deadline:
        with suppress(ChildProcessError):  # reap it if this process started it
            os.waitpid(pid, os.WNOHANG)
        time.sleep(0.05)
    assert not embedded._alive(pid), "Redis did not stop"


class EmbeddedRedis:
    """The session's embedded Redis, to stop and start again on the same socket."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.sock = data_dir / "redis.sock"

    def stop(self) -> None:
        pid = int((self.data_dir / "server.pid").read_text())
        os.kill(pid, signal.SIGTERM)  # it saves its append-only file: queued messages survive
        _wait_gone(pid)
        assert not embedded._redis_answers(self.sock)

    def start(self) -> None:
        if not embedded._redis_answers(self.sock):
            embedded._start_redis(self.data_dir, self.sock)


@pytest.fixture
def redis(settings):
    """The session's Redis (the broker and the cache), which the test may stop; it is started
    again at the end in any case, on the same socket, so REDIS_URL stays right."""
    data_dir = (Path(settings.TEST_VAR_DIR) / "redis").resolve()
    control = EmbeddedRedis(data_dir)
    if f"unix://{control.sock}" != settings.REDIS_URL:
        pytest.skip("Redis is not the embedded one this session started (REDIS_URL is set)")
    try:
        yield control
    finally:
        control.start()


SIGNED_ON = date(2026, 8, 1)


def ready_to_execute(world) -> MouVersion:
    version = draft(world).versions.get()
    submit(world, version, on=SIGNED_ON)
    sign_all(world, version, on=SIGNED_ON)
    return version


def test_with_redis_down_the_pages_answer_and_every_follow_up_happens_once_it_is_back(
    client, world, celery_worker, redis
):
    district = world.district
    version = ready_to_execute(world)
    generation = public_cache.generation(district.pk)
    index_generation = public_cache.generation(public_cache.INDEX)
    client.force_login(world.users["district_admin"])
    assert outbox.pending() == 0

    redis.stop()
    # The MOU is executed: saved, and the page says so (no 500).
    response = client.post(reverse("mou-version-execute", args=[version.pk]), follow=True)
    assert response.status_code == 200
    assert "Executed. It is now the MOU in force" in response.content.decode()
    version.refresh_from_db()
    assert version.status == MouVersion.Status.EXECUTED
    # A report is requested: saved, and its page says it is requested, as it will be done.
    response = client.post(
        reverse("report-list"), {"kind": ReportRun.Kind.DISTRICT_ROSTER, "district": district.pk}
    )
    assert response.status_code == 302
    run = ReportRun.objects.get()
    assert client.get(response["Location"]).status_code == 200
    assert run.status == ReportRun.Status.REQUESTED

    # Three follow-ups wait, each tried once after its commit and kept with the error.
    waiting = list(OutboxMessage.objects.order_by("pk"))
    assert [(m.effect, m.name, m.sent_at) for m in waiting] == [
        ("task", "mous.tasks.mou_version_render_pdfs", None),
        ("call", "mous.services.public_cache_clear", None),
        ("task", "reports.tasks.report_run_execute", None),
    ]
    assert all(m.attempts == 1 and m.last_error for m in waiting)

    redis.start()
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
    assert public_cache.generation(district.pk) == generation + 1
    assert public_cache.generation(public_cache.INDEX) == index_generation + 1

    # Exactly once: the relay finds nothing more to send, and nothing happens again.
    assert outbox.relay(now=timezone.now() + timedelta(hours=1)) == 0
    assert OutboxMessage.objects.filter(sent_at__isnull=False).count() == 3
    time.sleep(2)  # a second message, had there been one, would have reached the worker
    run.refresh_from_db()
    assert run.attempts == 1
    assert MouVersion.objects.get(pk=version.pk).pdf_en.name == made.pdf_en.name
    assert public_cache.generation(district.pk) == generation + 1
