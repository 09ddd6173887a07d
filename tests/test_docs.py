"""docs/ stays true where it lists what the code has: the audited models (ADR 0001)."""

import re
from pathlib import Path

import pghistory.models
from django.apps import apps
from django.conf import settings

OUR_APPS = ("sro_admin", "programs", "mous", "reports")


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start : end if end != -1 else None]


def test_architecture_lists_every_audited_model_and_every_one_that_is_not():
    audit = _section(
        (Path(settings.BASE_DIR) / "docs/architecture.md").read_text(), "## Audit history"
    )
    listed, _, unlisted = audit.partition("Not audited:")
    unlisted = unlisted.split("\n- ", 1)[0]
    tracked = {
        m.pgh_tracked_model
        for m in apps.get_models()
        if issubclass(m, pghistory.models.Event) and hasattr(m, "pgh_tracked_model")
    }
    ours = [
        m
        for app in OUR_APPS
        for m in apps.get_app_config(app).get_models()
        if not issubclass(m, pghistory.models.Event)
    ]
    names = lambda text: set(re.findall(r"`([A-Z]\w+)`", text))  # noqa: E731
    assert {m.__name__ for m in ours if m in tracked} <= names(listed)
    assert {m.__name__ for m in ours if m not in tracked} == names(unlisted)
    assert not names(listed) & names(unlisted)
