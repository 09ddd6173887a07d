"""The embedded Redis: shared by every process that joins, stopped by the last, data kept."""

import subprocess
import sys
from pathlib import Path

from django.conf import settings

from sro_admin.embedded import _redis_answers

JOIN = """
import sys
from pathlib import Path
import redis
from sro_admin import embedded
url = embedded.redis_url(Path(sys.argv[1]))
client = redis.Redis.from_url(url)
if sys.argv[2] == "set":
    client.set("kept", "yes")
print(client.get("kept").decode() if client.get("kept") else "missing", flush=True)
sys.stdin.read()  # stay until told to go
"""


def join(data_dir: Path, action: str = "get") -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [sys.executable, "-c", JOIN, str(data_dir), action],
        cwd=settings.BASE_DIR,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    return process, process.stdout.readline().strip()


def leave(process: subprocess.Popen) -> None:
    process.stdin.close()
    assert process.wait(timeout=30) == 0


def test_the_last_process_to_leave_stops_redis_and_the_data_survives(tmp_path):
    data_dir = tmp_path / "redis"
    sock = data_dir / "redis.sock"
    first, value = join(data_dir, "set")
    assert value == "yes"
    second, value = join(data_dir)  # joins the running server
    assert value == "yes"
    leave(first)
    assert _redis_answers(sock), "Redis stopped while another process still used it"
    leave(second)
    assert not _redis_answers(sock), "Redis kept running after its last user left"
    third, value = join(data_dir)  # a fresh start reads the append-only file back
    assert value == "yes"
    leave(third)
