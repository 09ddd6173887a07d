"""The benchmark (`make bench`): New York City-sized data on today's pages and imports.

Installed only by the bench settings (sro_admin.settings.bench). See bench/run.py for what it
measures and docs/performance.md for the last results.
"""
