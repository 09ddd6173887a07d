"""`make run` (sro_admin/run.py) as a person starts it: its own embedded Redis under a
temporary VAR_DIR, the test database, gunicorn, a worker and beat; then Ctrl-C."""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid

import psutil
import pytest
from django.conf import settings
from django.db import connection

from conftest import wait_for
from sro_admin.embedded import _redis_answers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Output:
    """The runner's output (and its children's, which share it), read as it comes."""

    def __init__(self, process: subprocess.Popen):
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self._thread.start()

    def _read(self, process):
        for line in process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, text: str, *, timeout: float) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for n, line in enumerate(self.lines):
                if text in line:
                    return n
            time.sleep(0.2)
        pytest.fail(f"{text!r} not printed in {timeout} s:\n" + "\n".join(self.lines[-60:]))

    def text(self) -> str:
        return "\n".join(self.lines)


def start_runner(var_dir, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        # The test settings, so collectstatic copies the files instead of compressing them
        # all, which takes a minute; what is tested is the runner's order of things.
        "DJANGO_SETTINGS_MODULE": "sro_admin.settings.test",
        "VAR_DIR": str(var_dir),
        # The test database (migrated already); Redis is the runner's own, under VAR_DIR.
        "DATABASE_URL": settings.DATABASE_URL.rsplit("/", 1)[0]
        + "/"
        + connection.settings_dict["NAME"],
        "LOAD_DEMO": "0",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "WORKER_CONCURRENCY": "1",
        "CELERY_QUEUE": f"run-{uuid.uuid4().hex[:8]}",
    }
    env.pop("REDIS_URL", None)
    env.pop("CACHE_REDIS_URL", None)
    return subprocess.Popen(
        [sys.executable, "-m", "sro_admin.run"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.mark.django_db(transaction=True)
def test_make_run_says_where_it_runs_once_ready_and_that_it_stopped(tmp_path):
    var_dir = tmp_path / "var"
    port = free_port()
    runner = start_runner(var_dir, port)
    output = Output(runner)
    try:
        running = output.wait_for("is running at", timeout=120)
        # Printed once everything is ready, after the worker's and beat's start-up logs.
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=5) as health:
            assert health.status == 200
        assert (var_dir / "run" / "worker.ready").exists()
        assert (var_dir / "run" / "beat.ready").exists()
        before = output.lines[:running]
        assert any(" ready." in line for line in before), "the worker was not ready yet"
        assert output.lines[running].endswith(f"running at http://127.0.0.1:{port}/")
        # gunicorn's control socket is this checkout's, not one shared by every checkout.
        assert (var_dir / "run" / "gunicorn.ctl").is_socket()
        redis_socket = var_dir / "redis" / "redis.sock"
        assert _redis_answers(redis_socket)
    finally:
        runner.send_signal(signal.SIGINT)
        assert runner.wait(timeout=90) == 0
    output._thread.join(timeout=10)
    lines = [line for line in output.lines if line.strip()]
    assert lines[-1] == (
        f"Stopped everything, Redis included. Your data is kept under {var_dir.resolve()}."
    )
    assert lines.index("The web server, the worker and beat have stopped.") < len(lines) - 1
    assert not _redis_answers(redis_socket)
    assert not (var_dir / "run" / "worker.ready").exists()
    assert "Traceback" not in output.text()


def health(port: int) -> dict:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=10) as response:
        assert response.status == 200
        return json.load(response)


def celery_worker_main(runner: subprocess.Popen) -> psutil.Process:
    """The Celery worker's main process among the runner's children (not its pool)."""
    for child in psutil.Process(runner.pid).children():
        if "worker" in child.cmdline() and "celery" in " ".join(child.cmdline()):
            return child
    pytest.fail("make run has no Celery worker")


@pytest.mark.django_db(transaction=True)
def test_make_run_restarts_a_killed_worker_and_keeps_serving(tmp_path):
    var_dir = tmp_path / "var"
    port = free_port()
    runner = start_runner(var_dir, port)
    output = Output(runner)
    try:
        output.wait_for("is running at", timeout=120)
        assert health(port)["worker"] == "ok"
        worker = celery_worker_main(runner)
        ready = var_dir / "run" / "worker.ready"
        ready.unlink()
        worker.send_signal(signal.SIGKILL)
        output.wait_for("worker exited (signal 9); restarting", timeout=30)
        wait_for(ready.exists, timeout=90, message="the new worker did not become ready")
        replacement = celery_worker_main(runner)
        assert replacement.pid != worker.pid
        # The web server never stopped, and the new worker answers through the broker.
        assert health(port) == {
            "status": "ok",
            "database": "ok",
            "broker": "ok",
            "worker": "ok",
        }
        assert runner.poll() is None
    finally:
        runner.send_signal(signal.SIGINT)
        assert runner.wait(timeout=90) == 0
    output._thread.join(timeout=10)
    assert "stopping the rest" not in output.text()
    assert "The web server, the worker and beat have stopped." in output.lines
    assert not _redis_answers(var_dir / "redis" / "redis.sock")
