"""MOU pages: the history keeps sections and signatures; lists take constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mous import services
from mous.models import Mou, MouVersion, Section, Signature
from mous.tests.builders import appoint_heads, draft, executed, signed_copy_pdf, submit
from programs.clock import district_today
from programs.models import Role
from programs.tests.factories import MembershipFactory, UserFactory

Status = MouVersion.Status

pytestmark = pytest.mark.django_db


def test_the_version_history_shows_its_sections_and_signatures(client, world):
    mou = executed(world)
    version = mou.versions.get()
    client.force_login(world.users["program_viewer"])
    page = client.get(f"/mou-versions/{version.pk}/history/").content.decode()
    assert "Signature of North le_supervisor" in page
    assert "Section “SRO duties and program mission”" in page


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_mou_list_and_a_version_take_constant_queries(client, world):
    admin = world.users["district_admin"]
    mou = executed(world)
    second = services.version_new(actor=admin, mou=mou)
    client.force_login(admin)
    client.get("/mous/")  # the first request of a session does its one-off work
    list_one = _queries(client, "/mous/")
    version_one = _queries(client, f"/mou-versions/{second.pk}/")
    for n in range(4):
        draft(world, title=f"Extra MOU {n}")
        services.section_save(
            actor=admin, version=second, heading=f"Extra section {n}", body="More text."
        )
    assert _queries(client, "/mous/") == list_one
    assert _queries(client, f"/mou-versions/{second.pk}/") == version_one


def test_the_mou_list_filters_and_downloads_what_it_lists(client, world):
    executed(world)
    draft(world, title="Sheriff MOU")
    client.force_login(world.users["district_admin"])
    page = client.get("/mous/?status=draft").content.decode()
    assert "Sheriff MOU" in page and "North SRO MOU" not in page
    csv = client.get("/mous/?status=executed&format=csv").getvalue().decode().splitlines()
    assert csv[0] == "district,title,agencies,version,status,executed_on,review_due_on"
    assert csv[1].startswith("North District,North SRO MOU,North Police Department,1,executed,")
    assert len(csv) == 2


# -- asking first: "Back to draft" and "Remove section" (no JavaScript needed) ---------------------


def test_back_to_draft_asks_first_then_withdraws_the_signatures(client, world):
    version = draft(world).versions.get()
    submit(world, version)
    appoint_heads(world)
    services.version_sign(
        actor=world.users["district_admin"], version=version, party=Signature.Party.SUPERINTENDENT
    )
    client.force_login(world.users["district_admin"])
    url = reverse("mou-version-return", args=[version.pk])
    page = client.get(url).content.decode()
    assert "Send North SRO MOU, version 1 back to draft?" in page
    assert "The 1 signature it has is withdrawn" in page
    assert '<form method="post"' in page and ">Back to draft</button>" in page
    version.refresh_from_db()
    assert version.status == Status.IN_REVIEW and version.signatures.count() == 1
    response = client.post(url)
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == Status.DRAFT and version.signatures.count() == 0
    # The version page offers it as a link to that page, not as a one-click button.
    submit(world, version)
    page = client.get(version.get_absolute_url()).content.decode()
    assert f'href="{url}">Back to draft</a>' in page


def test_removing_a_section_asks_first(client, world):
    version = draft(world).versions.get()
    section = version.sections.get(clauses__contains=["cops2_c"])
    client.force_login(world.users["district_admin"])
    url = reverse("mou-section-delete", args=[version.pk, section.pk])
    page = client.get(url).content.decode()
    assert f"Remove the section “{section.heading}”?" in page
    assert "COPS-2(c)" in page  # what the checklist will lose
    assert Section.objects.filter(pk=section.pk).exists()
    assert f'href="{url}">Remove' in client.get(version.get_absolute_url()).content.decode()
    client.post(url)
    assert not Section.objects.filter(pk=section.pk).exists()


def test_the_confirmation_pages_refuse_what_cannot_be_done(client, world):
    version = executed(world).versions.get()
    client.force_login(world.users["district_admin"])
    response = client.get(reverse("mou-version-return", args=[version.pk]), follow=True)
    assert "Only a version in review can go back to draft." in response.content.decode()
    section = version.sections.first()
    response = client.get(reverse("mou-section-delete", args=[version.pk, section.pk]), follow=True)
    assert "Only a draft can be edited." in response.content.decode()


# -- a second MOU between the same parties warns (COPS-2) ------------------------------------------


def test_starting_a_second_mou_while_one_is_in_force_warns(client, world):
    from sro_admin.pages import WARNINGS_SEEN_FIELD

    mou = executed(world)
    client.force_login(world.users["district_admin"])
    data = {"district": world.district.pk, "title": "Second MOU", "agencies": [world.agency.pk]}
    page = client.post(reverse("mou-create"), data).content.decode()
    assert (
        "COPS-2: North SRO MOU is already in force between North District and North Police" in page
    )
    assert "nothing has been saved yet" in page and not Mou.objects.filter(title="Second MOU")
    # A warning, not a refusal: sent again as it is, the MOU is started.
    digest = page.split(f'name="{WARNINGS_SEEN_FIELD}" value="')[1].split('"')[0]
    response = client.post(reverse("mou-create"), {**data, WARNINGS_SEEN_FIELD: digest})
    assert response.status_code == 302
    assert Mou.objects.filter(title="Second MOU").exists()
    # With the other agency, no warning.
    response = client.post(
        reverse("mou-create"),
        {"district": world.district.pk, "title": "Sheriff", "agencies": [world.second_agency.pk]},
        follow=True,
    )
    assert "already in force" not in response.content.decode()
    assert mou.pk


# -- where the public reads it ---------------------------------------------------------------------


def test_an_executed_mous_staff_pages_link_to_its_public_page_and_pdfs(client, world):
    mou = executed(world)
    version = mou.versions.get()
    client.force_login(world.users["program_viewer"])
    public = f"/transparency/north/mous/{mou.pk}/"
    for url in (mou.get_absolute_url(), version.get_absolute_url()):
        page = client.get(url).content.decode()
        assert f'href="{public}">Public page</a>' in page
        assert f'href="{public}pdf/?lang=en">PDF in English</a>' in page
        assert f'href="{public}pdf/?lang=es" hreflang="es">PDF in Spanish</a>' in page
    second = services.version_new(actor=world.users["district_admin"], mou=mou)
    assert "Public page" not in client.get(second.get_absolute_url()).content.decode()


# -- signing and confirming through the pages ------------------------------------------------------


def test_a_supervisor_who_is_not_the_head_gets_no_sign_page(client, world):
    appoint_heads(world)
    deputy = UserFactory(email="deputy@north.example")
    MembershipFactory(user=deputy, role=Role.LE_SUPERVISOR, agency=world.agency)
    version = draft(world).versions.get()
    submit(world, version)
    client.force_login(deputy)
    assert "Sign this version" not in client.get(version.get_absolute_url()).content.decode()
    assert client.get(reverse("mou-version-sign", args=[version.pk])).status_code == 403
    client.force_login(world.users["le_supervisor"])  # the chief
    assert "Sign this version" in client.get(version.get_absolute_url()).content.decode()


def test_the_agencys_head_confirms_the_paper_signature_on_a_page(client, world):
    appoint_heads(world)
    admin = world.users["district_admin"]
    version = draft(world).versions.get()
    services.version_attach_signed_copy(actor=admin, version=version, upload=signed_copy_pdf())
    submit(world, version)
    signature = services.version_record_signature(
        actor=admin,
        version=version,
        party=Signature.Party.AGENCY_HEAD,
        agency=world.agency,
        signer_name="Chief Rivera",
        signer_title="Chief of Police",
        signed_on=district_today(world.district),
    )
    client.force_login(admin)
    page = client.get(version.get_absolute_url()).content.decode()
    assert (
        "Awaiting confirmation by the agency’s head" in page
        or "Awaiting confirmation by the agency's head" in page
    )
    assert "Confirm or decline" not in page  # the district does not confirm for the agency
    url = reverse("mou-signature-confirm", args=[version.pk, signature.pk])
    assert client.get(url).status_code == 403

    client.force_login(world.users["le_supervisor"])
    assert (
        f'href="{url}">Confirm or decline'
        in client.get(version.get_absolute_url()).content.decode()
    )
    page = client.get(url).content.decode()
    assert "Chief Rivera, Chief of Police" in page
    client.post(url, {"decision": "confirm"})
    signature.refresh_from_db()
    assert signature.is_confirmed and signature.confirmed_by == world.users["le_supervisor"]


def test_a_section_longer_than_the_bound_is_refused_with_a_clear_message(client, world):
    version = draft(world).versions.get()
    client.force_login(world.users["district_admin"])
    response = client.post(
        reverse("mou-section-create", args=[version.pk]),
        {"heading": "Everything", "body": "[" * 100_001, "clauses": []},
    )
    assert response.status_code == 200
    assert "at most 100000 characters (it has 100001)" in response.content.decode()
    assert not version.sections.filter(heading="Everything").exists()


def test_posting_to_the_new_pages_as_the_wrong_person_changes_nothing(client, world):
    """The confirmation, back-to-draft and remove pages refuse a POST as they refuse a GET."""
    appoint_heads(world)
    admin = world.users["district_admin"]
    version = draft(world).versions.get()
    services.version_attach_signed_copy(actor=admin, version=version, upload=signed_copy_pdf())
    submit(world, version)
    signature = services.version_record_signature(
        actor=admin,
        version=version,
        party=Signature.Party.AGENCY_HEAD,
        agency=world.agency,
        signer_name="Chief Rivera",
        signer_title="Chief of Police",
        signed_on=district_today(world.district),
    )
    confirm = reverse("mou-signature-confirm", args=[version.pk, signature.pk])
    for role, status in (("district_admin", 403), ("staff", 403), ("other_supervisor", 404)):
        client.force_login(world.users[role])
        assert client.post(confirm, {"decision": "confirm"}).status_code == status, role
    signature.refresh_from_db()
    assert not signature.is_confirmed
    client.force_login(world.users["le_supervisor"])
    assert client.post(reverse("mou-version-return", args=[version.pk])).status_code == 403
    section = version.sections.first()
    delete = reverse("mou-section-delete", args=[version.pk, section.pk])
    assert client.post(delete).status_code == 403
    client.force_login(world.users["other_district_admin"])
    assert client.post(delete).status_code == 404
    version.refresh_from_db()
    assert version.status == Status.IN_REVIEW and Section.objects.filter(pk=section.pk).exists()
