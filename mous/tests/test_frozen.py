"""An executed version is never edited (COPS-2), whoever asks: the services refuse, the site
administration shows it read-only, and PostgreSQL refuses the UPDATE (triggers in
mous/models.py), so a bulk update, a script or the admin cannot change what was signed."""

import re
from datetime import date
from html import unescape

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from mous import services
from mous.models import CoveredSchool, MouVersion, Section, Signature
from mous.tests.builders import draft, executed, submit

pytestmark = pytest.mark.django_db
Status = MouVersion.Status


def refused(action) -> str:
    """Run `action` in a savepoint; return the database's refusal."""
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        action()
    return str(error.value)


def test_the_database_refuses_to_change_an_executed_versions_text_and_terms(world):
    version = executed(world).versions.get()
    versions = MouVersion.objects.filter(pk=version.pk)
    for change in (
        {"supervision": "Anyone"},
        {"change_summary": "Rewritten"},
        {"effective_from": date(2001, 1, 1)},
        {"effective_until": date(2030, 1, 1)},
        {"executed_on": date(2001, 1, 1)},
        {"status": Status.DRAFT},
    ):
        message = refused(lambda change=change: versions.update(**change))
        assert "COPS-2" in message, change
    assert "COPS-2" in refused(versions.delete)  # Django deletes its schools first: refused
    assert "never deleted" in refused(lambda: versions._raw_delete(versions.db))  # plain SQL
    version.refresh_from_db()
    assert (version.status, version.supervision) == (
        Status.EXECUTED,
        "Sgt. Pat Doe, North Police Department Youth Services Unit.",
    )
    # What may still happen: the worker stores the PDFs; the version is superseded or expires.
    versions.update(pdf_en="mous/text/x.pdf")
    versions.update(status=Status.EXPIRED, ended_on=date(2027, 8, 1))
    assert "ended on" in refused(lambda: versions.update(ended_on=date(2028, 1, 1)))
    assert "cannot go from expired" in refused(lambda: versions.update(status=Status.EXECUTED))


def test_the_database_refuses_to_change_the_sections_schools_and_signatures_once_signed(world):
    version = executed(world).versions.get()
    sections = Section.objects.filter(version=version)
    assert "text of MOU version" in refused(lambda: sections.update(body="Rewritten."))
    assert "text of MOU version" in refused(sections.delete)
    assert "text of MOU version" in refused(
        lambda: Section.objects.create(version=version, position=99, heading="New", body="New")
    )
    assert "schools of MOU version" in refused(CoveredSchool.objects.filter(version=version).delete)
    signatures = Signature.objects.filter(version=version)
    assert "signatures of MOU version" in refused(
        lambda: signatures.update(signer_name="Someone else")
    )
    assert "signatures of MOU version" in refused(signatures.delete)
    assert sections.filter(body__startswith="The parties agree").count() == sections.count()


def test_a_version_in_review_has_its_text_frozen_but_a_draft_does_not(world):
    mou = draft(world)
    version = mou.versions.get()
    sections = Section.objects.filter(version=version)
    sections.filter(position=1).update(body="Edited while a draft.")  # allowed
    submit(world, version)
    assert "in_review" in refused(lambda: sections.update(body="Edited while in review."))
    services.version_return_to_draft(actor=world.users["district_admin"], version=version)
    sections.filter(position=1).update(body="Edited again as a draft.")
    assert sections.get(position=1).body == "Edited again as a draft."


# -- the site administration -----------------------------------------------------------------------


def _change_url(obj) -> str:
    return reverse(f"admin:mous_{obj._meta.model_name}_change", args=[obj.pk])


def test_the_admin_shows_an_executed_version_read_only_and_refuses_a_post(client, world):
    version = executed(world).versions.get()
    client.force_login(world.users["staff"])
    page = client.get(_change_url(version))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="_save"' not in html  # a view, not a form
    assert 'name="sections-0-body"' not in html
    response = client.post(
        _change_url(version),
        {
            "mou": version.mou_id,
            "number": version.number,
            "status": Status.DRAFT,
            "supervision": "Changed through the admin",
        },
    )
    assert response.status_code == 403
    version.refresh_from_db()
    assert (version.status, version.supervision) == (
        Status.EXECUTED,
        "Sgt. Pat Doe, North Police Department Youth Services Unit.",
    )
    delete = reverse("admin:mous_mouversion_delete", args=[version.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    signature = version.signatures.first()
    assert client.post(_change_url(signature), {"signer_name": "X"}).status_code == 403
    assert MouVersion.objects.filter(pk=version.pk).exists()


def test_the_admin_still_edits_a_draft(client, world):
    version = draft(world).versions.get()
    client.force_login(world.users["staff"])
    html = client.get(_change_url(version)).content.decode()
    assert 'name="_save"' in html and 'name="sections-0-body"' in html


def _form_data(html: str) -> dict:
    """The values a browser would send back from the admin's change form, unchanged."""
    data: dict = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or 'type="submit"' in tag or 'type="file"' in tag:
            continue
        if 'type="checkbox"' in tag and "checked" not in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[name.group(1)] = unescape(value.group(1)) if value else ""
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[name] = unescape(body.lstrip("\n"))
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.findall(r'<option value="([^"]*)"[^>]*selected', options)
        if chosen:
            data[name] = chosen if "multiple" in options else chosen[0]
    return data


def test_a_drafts_section_edited_in_the_admin_gets_its_html(client, world):
    version = draft(world).versions.get()
    client.force_login(world.users["staff"])
    data = _form_data(client.get(_change_url(version)).content.decode())
    first = version.sections.order_by("position").first()
    index = next(k for k, v in data.items() if k.endswith("-id") and v == str(first.pk))
    prefix = index[: -len("-id")]
    data[f"{prefix}-body"] = "Edited in the **admin**."
    data["_save"] = "Save"
    response = client.post(_change_url(version), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    first.refresh_from_db()
    assert first.body_html == "<p>Edited in the <strong>admin</strong>.</p>\n"
