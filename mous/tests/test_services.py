"""The MOU rules (COPS-2, NASRO-DISC, NASRO 04.01.02), through the services."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from mous import selectors, services
from mous.models import AnnualReview, MouVersion, Section, Signature
from mous.tests.builders import draft, executed, sign_all
from sro_admin.errors import RuleViolation

pytestmark = pytest.mark.django_db(transaction=False)
Status = MouVersion.Status


def test_execution_is_refused_while_the_discipline_prohibition_is_missing(world):
    """COPS-2(c): the refusal names the missing element and its rule ID."""
    mou = draft(world)
    admin = world.users["district_admin"]
    version = mou.versions.get()
    Section.objects.filter(version=version, clauses__contains=["cops2_c"]).delete()
    services.version_submit(user=admin, version=version)
    sign_all(world, version)
    with pytest.raises(RuleViolation) as refused:
        services.version_execute(user=admin, version=version)
    assert "COPS-2(c)" in refused.value.message
    assert "school discipline" in refused.value.message
    assert refused.value.rule_id == "COPS-2(c)"
    version.refresh_from_db()
    assert version.status == Status.IN_REVIEW


def test_a_missing_recommended_element_is_only_a_warning(world):
    mou = draft(world)
    version = mou.versions.get()
    Section.objects.filter(version=version, clauses__contains=["nasro_office"]).delete()
    checklist = selectors.checklist(version)
    assert [c.code for c in checklist.missing_recommended] == ["nasro_office"]
    assert checklist.missing_mandatory == []


def test_execution_needs_both_heads(world):
    """NASRO-DISC: the superintendent and the agency head."""
    mou = draft(world)
    admin = world.users["district_admin"]
    version = mou.versions.get()
    services.version_submit(user=admin, version=version)
    services.version_sign(
        user=admin, version=version, party=Signature.Party.SUPERINTENDENT, signer_title="Sup."
    )
    with pytest.raises(RuleViolation, match="North Police Department"):
        services.version_execute(user=admin, version=version)


def test_executing_supersedes_the_version_in_force(world):
    mou = executed(world, on=date(2025, 8, 1))
    admin = world.users["district_admin"]
    first = mou.versions.get()
    assert (first.status, first.executed_on, first.effective_from) == (
        Status.EXECUTED,
        date(2025, 8, 1),
        date(2025, 8, 1),
    )
    second = services.version_new(user=admin, mou=mou)
    assert second.number == 2
    assert second.sections.count() == first.sections.count()
    assert list(second.schools.all()) == [world.school]
    services.version_submit(user=admin, version=second)
    sign_all(world, second, on=date(2026, 8, 3))
    services.version_execute(user=admin, version=second)
    first.refresh_from_db()
    assert (first.status, first.ended_on) == (Status.SUPERSEDED, date(2026, 8, 3))
    assert selectors.current_version(mou) == second


def test_an_executed_version_is_never_edited(world):
    mou = executed(world)
    admin = world.users["district_admin"]
    version = mou.versions.get()
    with pytest.raises(RuleViolation, match="new version"):
        services.section_save(user=admin, version=version, heading="X", body="Y")
    with pytest.raises(RuleViolation):
        services.version_update(
            user=admin,
            version=version,
            change_summary="",
            supervision="",
            effective_from=None,
            effective_until=None,
            schools=[],
        )


def test_only_one_version_in_progress(world):
    mou = draft(world)
    with pytest.raises(RuleViolation, match="in progress"):
        services.version_new(user=world.users["district_admin"], mou=mou)


def test_the_database_keeps_one_executed_version(world):
    mou = executed(world)
    with pytest.raises(IntegrityError):
        MouVersion.objects.create(mou=mou, number=9, status=Status.EXECUTED)


def test_signing_is_the_act_of_the_right_person(world):
    mou = draft(world)
    admin = world.users["district_admin"]
    version = mou.versions.get()
    services.version_submit(user=admin, version=version)
    # A supervisor does not sign for the superintendent, nor for another agency.
    with pytest.raises(PermissionDenied):
        services.version_sign(
            user=world.users["le_supervisor"],
            version=version,
            party=Signature.Party.SUPERINTENDENT,
            signer_title="Chief",
        )
    with pytest.raises(PermissionDenied):
        services.version_sign(
            user=world.users["other_supervisor"],
            version=version,
            party=Signature.Party.AGENCY_HEAD,
            agency=world.south_agency,
            signer_title="Chief",
        )
    signature = services.version_sign(
        user=world.users["le_supervisor"],
        version=version,
        party=Signature.Party.AGENCY_HEAD,
        agency=world.agency,
        signer_title="Chief of Police",
    )
    assert (signature.signer, signature.signer_role, signature.signer_name) == (
        world.users["le_supervisor"],
        "le_supervisor",
        "North le_supervisor",
    )
    with pytest.raises(RuleViolation, match="already signed"):
        services.version_sign(
            user=world.users["le_supervisor"],
            version=version,
            party=Signature.Party.AGENCY_HEAD,
            agency=world.agency,
            signer_title="Chief of Police",
        )


def test_a_delegate_names_the_delegation(world):
    mou = draft(world)
    admin = world.users["district_admin"]
    version = mou.versions.get()
    services.version_submit(user=admin, version=version)
    with pytest.raises(RuleViolation) as refused:
        services.version_sign(
            user=admin,
            version=version,
            party=Signature.Party.SUPERINTENDENT,
            signer_title="Deputy superintendent",
            as_delegate=True,
        )
    assert refused.value.field == "delegation"


def test_back_to_draft_withdraws_the_signatures(world):
    mou = draft(world)
    admin = world.users["district_admin"]
    version = mou.versions.get()
    services.version_submit(user=admin, version=version)
    sign_all(world, version)
    services.version_return_to_draft(user=admin, version=version)
    assert version.signatures.count() == 0
    assert version.status == Status.DRAFT


def test_signatures_from_an_uploaded_copy(world):
    mou = draft(world)
    admin = world.users["district_admin"]
    version = mou.versions.get()
    services.version_submit(user=admin, version=version)
    kwargs = {
        "user": admin,
        "version": version,
        "party": Signature.Party.SUPERINTENDENT,
        "signer_name": "Dr. Ana Ruiz",
        "signer_title": "Superintendent",
        "signed_on": date(2026, 7, 30),
        "today": date(2026, 8, 1),
    }
    with pytest.raises(RuleViolation, match="Attach the signed copy"):
        services.version_record_signature(**kwargs)
    with pytest.raises(RuleViolation, match="must be a PDF"):
        services.version_attach_signed_copy(
            user=admin,
            version=version,
            upload=SimpleUploadedFile("x.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100),
        )
    services.version_attach_signed_copy(
        user=admin,
        version=version,
        upload=SimpleUploadedFile("signed.pdf", b"%PDF-1.7\n%%EOF\n"),
    )
    signature = services.version_record_signature(**kwargs)
    assert signature.method == Signature.Method.UPLOADED
    assert signature.signer is None


def test_the_annual_review_is_due_a_year_after_execution_or_the_last_review(world):
    mou = executed(world, on=date(2025, 9, 15))
    assert selectors.review_due_on(mou) == date(2026, 9, 15)
    review = services.review_record(
        user=world.users["district_admin"],
        mou=mou,
        reviewed_on=date(2026, 9, 1),
        participants="Superintendent, Chief, two principals, PTA president",
        findings="Meets expectations; add body-camera language.",
        meets_expectations=True,
        start_new_version=True,
        today=date(2026, 9, 2),
    )
    assert selectors.review_due_on(mou) == date(2027, 9, 1)
    assert review.resulting_version.number == 2
    assert review.resulting_version.status == Status.DRAFT
    assert AnnualReview.objects.count() == 1


def test_expired_at_the_end_of_the_term(world):
    mou = executed(world)
    version = mou.versions.get()
    MouVersion.objects.filter(pk=version.pk).update(effective_until=date(2026, 10, 31))
    assert services.versions_expire(today=date(2026, 11, 1)) == 1
    version.refresh_from_db()
    assert (version.status, version.ended_on) == (Status.EXPIRED, date(2026, 10, 31))


def test_the_consultation_summary_names_who_was_not_heard(world):
    mou = draft(world)
    services.stakeholder_input_add(
        user=world.users["le_supervisor"],
        mou=mou,
        category="agency_leadership",
        kind="comment",
        held_on=date(2026, 5, 1),
        summary="Add the weapons storage details.",
    )
    summary = selectors.consultation_summary(mou)
    assert [label for label, _ in summary.heard] == ["Agency leadership"]
    assert "Students" in summary.not_heard and "Agency leadership" not in summary.not_heard
    with pytest.raises(PermissionDenied):
        services.stakeholder_input_add(
            user=world.users["school_admin"],
            mou=mou,
            category="school_officials",
            kind="comment",
            held_on=date(2026, 5, 1),
            summary="x",
        )


def test_the_diff_shows_what_changed(world):
    mou = executed(world)
    admin = world.users["district_admin"]
    second = services.version_new(user=admin, mou=mou)
    section = second.sections.order_by("position").first()
    services.section_save(
        user=admin,
        version=second,
        section=section,
        heading=section.heading,
        body="A new first line.\n" + section.body,
        clauses=section.clauses,
    )
    services.section_save(
        user=admin, version=second, heading="Body-worn cameras", body="Cameras stay on."
    )
    changes = {c.heading: c for c in selectors.version_diff(mou.versions.get(number=1), second)}
    assert changes[section.heading].kind == "changed"
    assert ("+", "A new first line.") in changes[section.heading].lines
    assert changes["Body-worn cameras"].kind == "added"
    assert sum(c.kind == "unchanged" for c in changes.values()) == len(changes) - 2


def test_visibility(world):
    """Drafts: the district's people and the party's supervisor. Readers of executed
    versions: the covered school's administrator and the party's SROs. Others: nothing."""
    mou = draft(world)
    version = mou.versions.get()
    for role in ("district_admin", "program_viewer", "le_supervisor", "staff"):
        assert selectors.version_get_for(world.users[role], version.pk) == version
    from django.http import Http404

    for role in ("school_admin", "sro", "other_district_admin", "other_supervisor"):
        with pytest.raises(Http404):
            selectors.version_get_for(world.users[role], version.pk)
    assert not selectors.mou_list_for(world.users["other_district_admin"]).exists()
    # Readers see the MOU once it is executed, and then only its published versions.
    assert not selectors.mou_list_for(world.users["school_admin"]).exists()
    admin = world.users["district_admin"]
    services.version_submit(user=admin, version=version)
    sign_all(world, version)
    services.version_execute(user=admin, version=version)
    services.version_new(user=admin, mou=mou)
    for role in ("school_admin", "sro"):
        assert selectors.mou_list_for(world.users[role]).get() == mou
        assert list(selectors.version_list_for(world.users[role], mou)) == [version]
