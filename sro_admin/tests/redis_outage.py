"""Stopping the test session's embedded Redis for a test, and starting it again on the same
socket afterwards, whatever the test did (used by the tests of degraded pages)."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from django.conf import settings

from sro_admin import embedded


def _data_dir(url: str) -> Path:
    sock = Path(url.removeprefix("unix://"))
    if not url.startswith("unix://") or sock.parent.parent != Path(settings.TEST_VAR_DIR):
        pytest.skip("Redis is not the embedded one of this test session")
    return sock.parent


def _stop(data_dir: Path) -> None:
    pid = int((data_dir / "server.pid").read_text())
    with suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    while embedded._alive(pid) and time.monotonic() < deadline:
        with suppress(ChildProcessError):  # reap it if it is our child
            os.waitpid(pid, os.WNOHANG)
        time.sleep(0.05)
    assert not embedded._redis_answers(data_dir / "redis.sock")


def _workers_answer() -> bool:
    from sro_admin.celery import app

    try:
        return bool(app.control.ping(timeout=1, limit=1))
    except Exception:  # noqa: BLE001 (the broker is still coming back)
        return False


@contextmanager
def redis_stopped(url: str) -> Iterator[None]:
    """The embedded Redis behind `url` is down inside the block, up again after it. For the
    broker, also waits until the session's worker (if one was answering) has reconnected, so
    the tests that follow find it as they would have."""
    data_dir = _data_dir(url)
    options = embedded.CACHE_OPTIONS if data_dir.name == "redis-cache" else ()
    broker = url == settings.REDIS_URL
    worker_was_up = broker and _workers_answer()
    _stop(data_dir)
    try:
        yield
    finally:
        embedded._start_redis(data_dir, data_dir / "redis.sock", options=options)
        if worker_was_up:
            deadline = time.monotonic() + 90
            while not _workers_answer():
                assert time.monotonic() < deadline, "the worker did not reconnect to the broker"
                time.sleep(0.5)
