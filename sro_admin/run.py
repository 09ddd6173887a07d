"""`make run`: the whole system on one machine, then Ctrl-C stops every part of it.

1. PostgreSQL: DATABASE_URL if set, else the embedded server under var/postgres.
2. Redis: REDIS_URL if set, else the embedded server under var/redis (the broker); the
   cache's own Redis: CACHE_REDIS_URL if set, else a bounded one under var/redis-cache.
3. migrate, collectstatic, load the demo data (once; LOAD_DEMO=0 skips it).
4. gunicorn (static files through whitenoise), a Celery worker and Celery beat.
5. Once the web server answers /healthz/ and the worker and beat say they are ready, the
   address and the demo sign-ins are printed, last, so they are not lost among start-up logs.
6. Then it supervises: a web server, worker or beat that exits is started again, with a line
   that says so ("worker exited (signal 9); restarting"); one that keeps dying (more than
   RESTART_LIMIT times in RESTART_WINDOW seconds) stops everything rather than loop forever.
   Ctrl-C stops the web server, the worker and beat, then the embedded servers, in order.

Everything that belongs to one checkout stays under its var/ (VAR_DIR): the embedded
servers, and var/run/ with gunicorn's control socket and the readiness files, so two
checkouts on one machine never share a socket.
"""

from __future__ import annotations

import atexit
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import suppress
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
READY_TIMEOUT = 120  # seconds for the web server, the worker and beat to come up
# A process that exits this many times within the window is broken, not unlucky: stop.
RESTART_LIMIT = 5
RESTART_WINDOW = 60  # seconds
# The longest path a Unix socket may have, with room for the terminating byte.
MAX_SOCKET_PATH = 100


def _manage(env: dict, *args: str, capture: bool = False) -> str:
    done = subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), *args],
        env=env,
        check=True,
        cwd=BASE_DIR,
        capture_output=capture,
        text=True,
    )
    return done.stdout if capture else ""


def _say(*lines: str) -> None:
    for line in lines:
        print(line, flush=True)


def _control_socket_args(run_dir: Path) -> list[str]:
    """gunicorn's control socket in this checkout's var/run/ (gunicorn's default is one path
    per user, shared by every checkout); none when that path is too long for a socket."""
    path = run_dir / "gunicorn.ctl"
    if len(str(path)) > MAX_SOCKET_PATH:
        return ["--no-control-socket"]
    return ["--control-socket", str(path)]


def _web_answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (our own URL)
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


def _wait_until_ready(
    children: list[tuple[str, subprocess.Popen]], *, health_url: str, ready_files: list[Path]
) -> bool:
    """Wait for /healthz/ to answer and for every readiness file; False if a child died or
    time ran out."""
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if any(process.poll() is not None for _, process in children):
            return False
        if all(f.exists() for f in ready_files) and _web_answers(health_url):
            return True
        time.sleep(0.5)
    return False


def _exit_reason(returncode: int) -> str:
    # Popen reports a process killed by a signal as minus the signal's number.
    return f"signal {-returncode}" if returncode < 0 else f"exit code {returncode}"


def _end_session(process: subprocess.Popen) -> None:
    """Kill what an exited child left behind in its session (a killed Celery worker's pool
    processes, gunicorn's workers), so the one started in its place is alone."""
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def _start(command: list[str], env: dict) -> subprocess.Popen:
    # Its own session: Ctrl-C reaches only this runner, which then stops each in order.
    return subprocess.Popen(command, env=env, cwd=BASE_DIR, start_new_session=True)


def _supervise(children: list[tuple[str, subprocess.Popen]], commands: dict, env: dict) -> int:
    """Restart whatever exits, until Ctrl-C (KeyboardInterrupt) or a process that keeps
    exiting; `children` is updated in place, so the shutdown stops the current processes."""
    exits: dict[str, list[float]] = {name: [] for name in commands}
    while True:
        for index, (name, process) in enumerate(children):
            if process.poll() is None:
                continue
            _end_session(process)
            now = time.monotonic()
            exits[name] = [t for t in exits[name] if now - t < RESTART_WINDOW] + [now]
            reason = _exit_reason(process.returncode)
            if len(exits[name]) > RESTART_LIMIT:
                _say(
                    f"{name} exited ({reason}) {len(exits[name])} times in "
                    f"{RESTART_WINDOW} s; stopping the rest."
                )
                return 1
            _say(f"{name} exited ({reason}); restarting")
            children[index] = (name, _start(commands[name], env))
        time.sleep(1)


def main() -> int:
    env = os.environ.copy()
    env.setdefault("DJANGO_SETTINGS_MODULE", "sro_admin.settings.dev")
    # Serve as production would (error pages, whitenoise's collected files), unless asked.
    env.setdefault("DJANGO_DEBUG", "0")
    env["PYTHONUNBUFFERED"] = "1"
    var_dir = Path(env.get("VAR_DIR", BASE_DIR / "var")).resolve()
    env["VAR_DIR"] = str(var_dir)
    run_dir = var_dir / "run"
    run_dir.mkdir(parents=True, exist_ok=True)
    host = env.get("HOST", "127.0.0.1")
    port = env.get("PORT", "8000")
    load_demo = env.get("LOAD_DEMO", "1") != "0"

    # Ctrl-C or SIGTERM both end up in the finally block below. SIGINT is set explicitly:
    # a shell that starts us in the background hands it down ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    embedded_servers: list[str] = []
    # Registered before the embedded servers register theirs, so it runs after they have
    # stopped (atexit runs last-in, first-out).
    atexit.register(
        lambda: _say(
            "Stopped everything"
            + (f", {' and '.join(embedded_servers)} included" if embedded_servers else "")
            + f". Your data is kept under {var_dir}."
        )
    )

    from sro_admin import embedded

    if not env.get("DATABASE_URL"):
        _say("Starting the embedded PostgreSQL (data in var/postgres) ...")
        env["DATABASE_URL"] = embedded.postgres_url(var_dir / "postgres", database="sro_admin")
        embedded_servers.append("PostgreSQL")
    if not env.get("REDIS_URL"):
        _say("Starting the embedded Redis (data in var/redis) ...")
        env["REDIS_URL"] = embedded.redis_url(var_dir / "redis")
        embedded_servers.append("Redis")
    if not env.get("CACHE_REDIS_URL"):
        # The cache's own, bounded Redis: pages can never crowd out the broker's queue.
        _say("Starting the embedded cache Redis (var/redis-cache, at most 64 MB) ...")
        env["CACHE_REDIS_URL"] = embedded.cache_redis_url(var_dir / "redis-cache")
        if "Redis" not in embedded_servers:
            embedded_servers.append("Redis")

    # The worker and beat touch these when they are ready (sro_admin/celery.py).
    env["SRO_READY_DIR"] = str(run_dir)
    ready_files = [run_dir / "worker.ready", run_dir / "beat.ready"]
    for stale in ready_files:
        stale.unlink(missing_ok=True)

    children: list[tuple[str, subprocess.Popen]] = []
    try:
        _manage(env, "migrate", "--noinput")
        _manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        sign_ins = ""
        if load_demo:
            _manage(env, "load_demo")
            sign_ins = _manage(env, "load_demo", "--list", capture=True)
        commands = {
            "web": [
                sys.executable,
                "-m",
                "gunicorn",
                "sro_admin.wsgi",
                "--bind",
                f"{host}:{port}",
                "--workers",
                env.get("WEB_CONCURRENCY", "2"),
                "--access-logfile",
                "-",
                *_control_socket_args(run_dir),
            ],
            "worker": [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "sro_admin",
                "worker",
                "--loglevel",
                "INFO",
                "--concurrency",
                env.get("WORKER_CONCURRENCY", "2"),
            ],
            "beat": [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "sro_admin",
                "beat",
                "--loglevel",
                "INFO",
            ],
        }
        for name, command in commands.items():
            children.append((name, _start(command, env)))
        local = "127.0.0.1" if host in ("0.0.0.0", "") else host  # noqa: S104 (a comparison)
        if not _wait_until_ready(
            children, health_url=f"http://{local}:{port}/healthz/", ready_files=ready_files
        ):
            _say("The web server, the worker or beat did not start; stopping the rest.")
            return 1
        _say(
            "",
            "=" * 72,
            f"  SRO Program Administration is running at http://{host}:{port}/",
        )
        if sign_ins:
            _say(sign_ins.rstrip("\n"))
        _say("  Press Ctrl-C to stop everything (data is kept under var/).", "=" * 72, "")
        return _supervise(children, commands, env)
    except KeyboardInterrupt:
        return 0
    except subprocess.CalledProcessError as error:
        _say(f"Start-up step failed: {' '.join(map(str, error.cmd))}")
        return 1
    finally:
        # A second Ctrl-C must not cut the shutdown short.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        running = [(name, p) for name, p in children if p.poll() is None]
        if running:
            _say("\nStopping the web server, the worker and beat ...")
        for _, process in reversed(running):
            process.terminate()  # gunicorn and Celery finish what they are doing first
        for _, process in reversed(running):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if running:
            _say("The web server, the worker and beat have stopped.")
        for stale in ready_files:
            stale.unlink(missing_ok=True)
        # The embedded servers stop at exit (sro_admin.embedded), after everything above;
        # then the "Stopped." registered first is printed, last.


if __name__ == "__main__":
    sys.exit(main())
