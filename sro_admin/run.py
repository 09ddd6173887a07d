"""`make run`: the whole system on one machine, then Ctrl-C stops every part of it.

1. PostgreSQL: DATABASE_URL if set, else the embedded server under var/postgres.
2. Redis: REDIS_URL if set, else the embedded server under var/redis.
3. migrate, collectstatic, load the demo data (once; LOAD_DEMO=0 skips it).
4. gunicorn (static files through whitenoise), a Celery worker and Celery beat.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def _manage(env: dict, *args: str) -> None:
    subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), *args], env=env, check=True, cwd=BASE_DIR
    )


def main() -> int:
    env = os.environ.copy()
    env.setdefault("DJANGO_SETTINGS_MODULE", "sro_admin.settings.dev")
    # Serve as production would (error pages, whitenoise's collected files), unless asked.
    env.setdefault("DJANGO_DEBUG", "0")
    env["PYTHONUNBUFFERED"] = "1"
    var_dir = Path(env.get("VAR_DIR", BASE_DIR / "var"))
    host = env.get("HOST", "127.0.0.1")
    port = env.get("PORT", "8000")

    # Ctrl-C or SIGTERM both end up in the finally block below. SIGINT is set explicitly:
    # a shell that starts us in the background hands it down ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))

    from sro_admin import embedded

    if not env.get("DATABASE_URL"):
        print("Starting the embedded PostgreSQL (data in var/postgres) ...", flush=True)
        env["DATABASE_URL"] = embedded.postgres_url(var_dir / "postgres", database="sro_admin")
    if not env.get("REDIS_URL"):
        print("Starting the embedded Redis (data in var/redis) ...", flush=True)
        env["REDIS_URL"] = embedded.redis_url(var_dir / "redis")

    children: list[tuple[str, subprocess.Popen]] = []
    try:
        _manage(env, "migrate", "--noinput")
        _manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        if env.get("LOAD_DEMO", "1") != "0":
            _manage(env, "load_demo")
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
            # Own sessions: Ctrl-C reaches only this runner, which then stops each in order.
            children.append(
                (name, subprocess.Popen(command, env=env, cwd=BASE_DIR, start_new_session=True))
            )
        time.sleep(2)
        print("\n" + "=" * 72, flush=True)
        print(f"  SRO Program Administration is running at http://{host}:{port}/", flush=True)
        if env.get("LOAD_DEMO", "1") != "0":
            _manage(env, "load_demo", "--list")
        print("  Press Ctrl-C to stop everything (data is kept under var/).", flush=True)
        print("=" * 72 + "\n", flush=True)
        while True:
            for name, process in children:
                if process.poll() is not None:
                    print(
                        f"{name} stopped (exit code {process.returncode}); stopping the rest.",
                        file=sys.stderr,
                        flush=True,
                    )
                    return 1
            time.sleep(1)
    except KeyboardInterrupt:
        print("\nStopping ...", flush=True)
        return 0
    except subprocess.CalledProcessError as error:
        print(f"Start-up step failed: {' '.join(map(str, error.cmd))}", file=sys.stderr)
        return 1
    finally:
        for _, process in reversed(children):
            if process.poll() is None:
                process.terminate()  # gunicorn and Celery finish what they are doing first
        for _, process in reversed(children):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        # The embedded servers stop at exit (sro_admin.embedded), after everything above.


if __name__ == "__main__":
    sys.exit(main())
