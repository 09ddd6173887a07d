"""Access-matrix rows for the community pages."""

from tests.access_rows import expect, signed_in  # noqa: F401

ROWS: dict[str, tuple] = {}
