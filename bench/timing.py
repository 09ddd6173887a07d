"""Timing one page as one user: p50/p95 over repeated requests, queries per request, size."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


@dataclass(frozen=True)
class Timing:
    p50_ms: float
    p95_ms: float
    queries: int
    status: int
    kilobytes: float  # the whole response
    rows: int  # a page's table rows, list items and options; a CSV's lines
    total_ms: float  # one request read to its end (a CSV's whole download)


def _get(client: Client, url: str, *, kind: str) -> tuple[float, object]:
    """Milliseconds to the whole page, or to a CSV's first bytes."""
    started = time.perf_counter()
    response = client.get(url)
    if kind == "csv" and getattr(response, "streaming", False):
        chunks = iter(response.streaming_content)
        next(chunks, b"")
        elapsed = time.perf_counter() - started
        for _rest in chunks:  # read to the end, which closes it as a server would
            pass
    else:
        elapsed = time.perf_counter() - started
    return elapsed * 1000, response


def time_page(client: Client, url: str, *, kind: str, requests: int) -> Timing:
    _get(client, url, kind=kind)  # warm-up: caches, compiled templates
    samples = [_get(client, url, kind=kind)[0] for _ in range(requests)]
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        total_ms = (time.perf_counter() - started) * 1000
    if kind == "csv":
        rows = body.count(b"\n")
    else:
        rows = body.count(b"<tr") + body.count(b"<li") + body.count(b"<option")
    cuts = statistics.quantiles(samples, n=20, method="inclusive")  # 5% steps
    return Timing(
        p50_ms=statistics.median(samples),
        p95_ms=cuts[18],
        queries=len(queries.captured_queries),
        status=response.status_code,
        kilobytes=len(body) / 1024,
        rows=rows,
        total_ms=total_ms,
    )
