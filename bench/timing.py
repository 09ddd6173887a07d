"""Timing pages, each as its user: p50/p95 over repeated requests, queries per request, size."""

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


ROUNDS = 5  # each page's requests are spread over this many passes through all the pages


def time_pages(pages: list[tuple[Client, str, str]], *, requests: int) -> list[Timing]:
    """Time each (client, url, kind): one warm-up request each, then `requests` timed ones
    taken in ROUNDS passes through all the pages, so that a slow spell of a shared machine
    (a neighbour's burst, a checkpoint) falls on every page a little instead of on one page's
    whole sample; then one more request each for its queries, size and rows."""
    for client, url, kind in pages:
        _get(client, url, kind=kind)  # warm-up: caches, compiled templates
    samples: list[list[float]] = [[] for _ in pages]
    per_round = [requests // ROUNDS + (1 if r < requests % ROUNDS else 0) for r in range(ROUNDS)]
    for n in per_round:
        for taken, (client, url, kind) in zip(samples, pages, strict=True):
            taken.extend(_get(client, url, kind=kind)[0] for _ in range(n))
    return [
        _measured(client, url, kind=kind, samples=taken)
        for taken, (client, url, kind) in zip(samples, pages, strict=True)
    ]


def _measured(client: Client, url: str, *, kind: str, samples: list[float]) -> Timing:
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
