"""Every text users read has a Spanish translation, and the compiled catalogue is current."""

import gettext
import os
import shutil
import subprocess
import sys

import pytest
from django.conf import settings


@pytest.fixture(scope="module")
def fresh_catalog(tmp_path_factory):
    """Extract the messages again from a copy of the tracked sources, as a developer would."""
    if not shutil.which("msgattrib"):
        pytest.fail("GNU gettext is missing (Debian package gettext): makemessages needs it.")
    copy = tmp_path_factory.mktemp("source")
    tracked = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for name in tracked:
        target = copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(settings.BASE_DIR / name, target)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "es",
            "--no-location",
            "--ignore=*/tests/*",
            "--ignore=tests",
            "--ignore=conftest.py",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "sro_admin.settings.test",
            "VAR_DIR": str(copy / "var"),
        },
    )
    return copy / "locale" / "es" / "LC_MESSAGES" / "django.po"


def _entries(po_path, *flags) -> str:
    return subprocess.run(
        ["msgattrib", *flags, str(po_path)], capture_output=True, text=True, check=True
    ).stdout


def test_every_message_has_a_spanish_translation(fresh_catalog):
    untranslated = _entries(fresh_catalog, "--untranslated", "--no-obsolete")
    fuzzy = _entries(fresh_catalog, "--only-fuzzy", "--no-obsolete")
    missing = [
        line
        for line in (untranslated + fuzzy).splitlines()
        if line.startswith("msgid ") and line != 'msgid ""'
    ]
    assert missing == [], "Run makemessages -l es and translate these in locale/es"


def test_the_compiled_catalogue_matches_the_sources(fresh_catalog, tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(compiled), str(fresh_catalog)], check=True)
    shipped = settings.BASE_DIR / "locale" / "es" / "LC_MESSAGES" / "django.mo"
    with open(compiled, "rb") as a, open(shipped, "rb") as b:
        assert gettext.GNUTranslations(a)._catalog == gettext.GNUTranslations(b)._catalog, (
            "Run compilemessages -l es"
        )
