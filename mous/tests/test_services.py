"""The MOU rules (COPS-2, NASRO-DISC, NASRO 04.01.02), through the services."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from mous import selectors, services
from mous.models import AnnualReview, MouVersion, Section, Signature
from mous.tests.builders import (
    appoint_heads,
    draft,
    execute,
    executed,
    sign_all,
    signed_copy_pdf,
    submit,
)
from programs.models import Role, SigningAuthority
from programs.services.heads import signing_authority_add
from programs.tests.factories import MembershipFactory, UserFactory
from sro_admin.errors import RuleViolation

pytestmark = pytest.mark.django_db(transaction=False)
Status = MouVersion.Status


def test_submission_is_refused_while_the_discipline_prohibition_is_missing(world):
    """COPS-2(c): found, both heads could sign a version that execution then refused. Now
    it cannot be submitted for signature; the refusal names the element and its rule ID."""
    mou = draft(world)
    admin = world.users["district_admin"]
    version = mou.versions.get()
    section = version.sections.get(clauses__contains=["cops2_c"])
    services.section_delete(actor=admin, section=section)
    with pytest.raises(RuleViolation) as refused:
        services.version_submit(actor=admin, version=version)
    assert "COPS-2(c)" in refused.value.message
    assert "school discipline" in refused.value.message
    assert refused.value.rule_id == "COPS-2(c)"
    version.refresh_from_db()
    assert (version.status, version.submitted_at) == (Status.DRAFT, None)


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
    appoint_heads(world)
    submit(world, version)
    services.version_sign(
        actor=admin, version=version, party=Signature.Party.SUPERINTENDENT, signer_title="Sup."
    )
    with pytest.raises(RuleViolation, match="North Police Department"):
        services.version_execute(actor=admin, version=version)


def test_executing_supersedes_the_version_in_force(world):
    mou = executed(world, on=date(2025, 8, 1))
    admin = world.users["district_admin"]
    first = mou.versions.get()
    assert (first.status, first.executed_on, first.effective_from) == (
        Status.EXECUTED,
        date(2025, 8, 1),
        date(2025, 8, 1),
    )
    second = services.version_new(actor=admin, mou=mou)
    assert second.number == 2
    assert second.sections.count() == first.sections.count()
    assert list(second.schools.all()) == [world.school]
    execute(world, second, on=date(2026, 8, 3))
    first.refresh_from_db()
    assert (first.status, first.ended_on) == (Status.SUPERSEDED, date(2026, 8, 3))
    assert selectors.current_version(mou) == second


def test_an_executed_version_is_never_edited(world):
    mou = executed(world)
    admin = world.users["district_admin"]
    version = mou.versions.get()
    with pytest.raises(RuleViolation, match="new version"):
        services.section_save(actor=admin, version=version, heading="X", body="Y")
    with pytest.raises(RuleViolation):
        services.version_update(
            actor=admin,
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
        services.version_new(actor=world.users["district_admin"], mou=mou)


def test_the_database_keeps_one_executed_version(world):
    mou = executed(world)
    with pytest.raises(IntegrityError):
        MouVersion.objects.create(mou=mou, number=9, status=Status.EXECUTED)


def test_only_the_heads_sign(world):
    """NASRO-DISC: found, any supervisor could sign as "Agency head". Now only the head of
    the district or agency, or a delegate recorded on its page, signs for it; the signature
    says which record it was given under."""
    mou = draft(world)
    version = mou.versions.get()
    submit(world, version)
    supervisor, admin = world.users["le_supervisor"], world.users["district_admin"]
    agency_head = {"party": Signature.Party.AGENCY_HEAD, "agency": world.agency}
    # Not heads yet: the district administrator and the supervisor are refused.
    with pytest.raises(RuleViolation, match="Only the chief or sheriff") as refused:
        services.version_sign(actor=supervisor, version=version, **agency_head)
    assert refused.value.rule_id == "NASRO-DISC"
    with pytest.raises(RuleViolation, match="Only the superintendent"):
        services.version_sign(actor=admin, version=version, party=Signature.Party.SUPERINTENDENT)
    # Site staff see everything and head nothing.
    with pytest.raises(RuleViolation):
        services.version_sign(actor=world.users["staff"], version=version, **agency_head)

    appoint_heads(world)
    # The chief does not sign for the district, nor another tenant's head for the agency.
    with pytest.raises(RuleViolation, match="Only the superintendent"):
        services.version_sign(
            actor=supervisor, version=version, party=Signature.Party.SUPERINTENDENT
        )
    with pytest.raises(RuleViolation, match="Only the chief or sheriff"):
        services.version_sign(actor=world.users["other_supervisor"], version=version, **agency_head)
    signature = services.version_sign(actor=supervisor, version=version, **agency_head)
    chief = SigningAuthority.objects.get(agency=world.agency)
    assert (signature.signer, signature.authority, signature.signer_role) == (
        supervisor,
        chief,
        "chief",
    )
    assert (signature.signer_name, signature.signer_title, signature.as_delegate) == (
        "North le_supervisor",
        "Chief of Police",  # the title recorded with the head, when none is given
        False,
    )
    assert signature.is_confirmed
    with pytest.raises(RuleViolation, match="already signed"):
        services.version_sign(actor=supervisor, version=version, **agency_head)


def test_a_supervisor_who_is_not_the_head_cannot_sign(world):
    appoint_heads(world)
    deputy = UserFactory(full_name="Deputy Not Head")
    MembershipFactory(user=deputy, role=Role.LE_SUPERVISOR, agency=world.agency)
    version = draft(world).versions.get()
    submit(world, version)
    assert selectors.may_sign(deputy, version) == []
    with pytest.raises(RuleViolation, match="NASRO-DISC"):
        services.version_sign(
            actor=deputy,
            version=version,
            party=Signature.Party.AGENCY_HEAD,
            agency=world.agency,
        )


def test_a_delegate_signs_under_the_recorded_delegation_and_only_while_it_lasts(world):
    appoint_heads(world)
    deputy = UserFactory(full_name="Dana Deputy")
    MembershipFactory(user=deputy, role=Role.LE_SUPERVISOR, agency=world.agency)
    delegation = signing_authority_add(
        actor=world.users["le_supervisor"],
        agency=world.agency,
        person=deputy,
        kind=SigningAuthority.Kind.DELEGATE,
        title="Deputy Chief",
        delegation="Delegated by Chief Rivera, general order 2026-14",
        starts_on=date(2026, 7, 1),
        ends_on=date(2026, 8, 31),
    )
    version = draft(world).versions.get()
    submit(world, version, on=date(2026, 6, 20))
    kwargs = {
        "actor": deputy,
        "version": version,
        "party": Signature.Party.AGENCY_HEAD,
        "agency": world.agency,
    }
    with pytest.raises(RuleViolation):  # before the delegation
        services.version_sign(**kwargs, today=date(2026, 6, 30))
    with pytest.raises(RuleViolation):  # after it
        services.version_sign(**kwargs, today=date(2026, 9, 1))
    signature = services.version_sign(**kwargs, today=date(2026, 8, 1))
    assert (signature.as_delegate, signature.delegation, signature.authority) == (
        True,
        "Delegated by Chief Rivera, general order 2026-14",
        delegation,
    )
    assert signature.signer_title == "Deputy Chief"


def test_back_to_draft_withdraws_the_signatures(world):
    mou = draft(world)
    admin = world.users["district_admin"]
    version = mou.versions.get()
    submit(world, version, on=date(2026, 8, 1))
    sign_all(world, version)
    services.version_return_to_draft(actor=admin, version=version)
    assert version.signatures.count() == 0
    assert version.status == Status.DRAFT


def test_signatures_from_an_uploaded_copy(world):
    mou = draft(world)
    admin = world.users["district_admin"]
    version = mou.versions.get()
    submit(world, version, on=date(2026, 7, 28))
    kwargs = {
        "actor": admin,
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
            actor=admin,
            version=version,
            upload=SimpleUploadedFile("x.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100),
        )
    services.version_attach_signed_copy(actor=admin, version=version, upload=signed_copy_pdf())
    signature = services.version_record_signature(**kwargs)
    assert signature.method == Signature.Method.UPLOADED
    assert signature.signer is None
    # The district records its own superintendent's paper signature: it counts at once.
    assert (signature.is_confirmed, signature.confirmed_by) == (True, admin)


def test_a_file_that_merely_begins_like_a_pdf_is_not_a_signed_copy(world):
    """Found: the signed copy was a file that merely began with "%PDF-". It is read as a
    PDF now, at least as strictly as programs.files checks other uploads."""
    admin = world.users["district_admin"]
    version = draft(world).versions.get()
    for fake in (b"%PDF-1.7\n%%EOF\n", b"%PDF-1.4\n" + b"<script>alert(1)</script>" * 20):
        with pytest.raises(RuleViolation, match="not a PDF that can be read") as refused:
            services.version_attach_signed_copy(
                actor=admin, version=version, upload=SimpleUploadedFile("signed.pdf", fake)
            )
        assert refused.value.field == "signed_copy"
    with pytest.raises(RuleViolation, match="larger than 5 MB"):
        services.version_attach_signed_copy(
            actor=admin,
            version=version,
            upload=SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b"0" * (5 * 1024 * 1024)),
        )
    version.refresh_from_db()
    assert not version.signed_copy


def test_the_district_cannot_execute_alone_with_a_paper_signature_for_the_agency(world):
    """Found: a district administrator alone executed an MOU by recording a paper signature
    for the agency ("Chief Forged Name", signed 2001-01-01); the public page then said "in
    force from Jan. 1, 2001". A date before the submission is refused; a paper signature for
    the agency waits for the agency's head to confirm it in the app (NASRO-DISC)."""
    appoint_heads(world)
    admin = world.users["district_admin"]
    version = draft(world).versions.get()
    services.version_attach_signed_copy(actor=admin, version=version, upload=signed_copy_pdf())
    submit(world, version, on=date(2026, 7, 28))
    paper = {
        "actor": admin,
        "version": version,
        "party": Signature.Party.AGENCY_HEAD,
        "agency": world.agency,
        "signer_name": "Chief Forged Name",
        "signer_title": "Chief of Police",
        "today": date(2026, 8, 1),
    }
    with pytest.raises(RuleViolation, match="cannot be dated before Jul 28, 2026") as refused:
        services.version_record_signature(**paper, signed_on=date(2001, 1, 1))
    assert refused.value.field == "signed_on"
    with pytest.raises(RuleViolation, match="in the future"):
        services.version_record_signature(**paper, signed_on=date(2026, 8, 2))
    forged = services.version_record_signature(**paper, signed_on=date(2026, 7, 30))
    assert not forged.is_confirmed
    services.version_sign(
        actor=admin, version=version, party=Signature.Party.SUPERINTENDENT, today=date(2026, 8, 1)
    )
    with pytest.raises(RuleViolation, match="Awaiting confirmation by the agency's head") as no:
        services.version_execute(actor=admin, version=version)
    assert no.value.rule_id == "NASRO-DISC"
    # The district cannot confirm for the agency; nor can a supervisor who is not its head.
    with pytest.raises(RuleViolation, match="Only the chief or sheriff"):
        services.signature_confirm(actor=admin, signature=forged, today=date(2026, 8, 1))
    # The chief says it is not theirs: withdrawn, and the agency's slot is open again.
    services.signature_decline(
        actor=world.users["le_supervisor"], signature=forged, today=date(2026, 8, 1)
    )
    assert not Signature.objects.filter(pk=forged.pk).exists()
    version.refresh_from_db()
    assert version.status == Status.IN_REVIEW

    genuine = services.version_record_signature(
        **{**paper, "signer_name": "Chief Rivera"}, signed_on=date(2026, 7, 31)
    )
    services.signature_confirm(
        actor=world.users["le_supervisor"], signature=genuine, today=date(2026, 8, 1)
    )
    genuine.refresh_from_db()
    assert (genuine.confirmed_by, genuine.authority.kind) == (world.users["le_supervisor"], "chief")
    services.version_execute(actor=admin, version=version)
    version.refresh_from_db()
    assert (version.status, version.executed_on, version.effective_from) == (
        Status.EXECUTED,
        date(2026, 8, 1),  # the last signature
        date(2026, 8, 1),
    )


def test_a_paper_signature_dated_before_the_last_edit_is_refused(world):
    """Submitted on 1 July, sent back on 10 July, edited and submitted again on 12 July: a
    paper signature of 5 July signed the text as it was before the edit."""
    admin = world.users["district_admin"]
    version = draft(world).versions.get()
    services.version_attach_signed_copy(actor=admin, version=version, upload=signed_copy_pdf())
    submit(world, version, on=date(2026, 7, 1))
    services.version_return_to_draft(actor=admin, version=version)
    section = version.sections.order_by("position").first()
    services.section_save(
        actor=admin,
        version=version,
        section=section,
        heading=section.heading,
        body=section.body + " Changed after the first submission.",
        clauses=section.clauses,
    )
    submit(world, version, on=date(2026, 7, 12))
    record = {
        "actor": admin,
        "version": version,
        "party": Signature.Party.SUPERINTENDENT,
        "signer_name": "Dr. Ana Ruiz",
        "signer_title": "Superintendent",
        "today": date(2026, 7, 20),
    }
    with pytest.raises(RuleViolation, match="last changed and submitted for signature"):
        services.version_record_signature(**record, signed_on=date(2026, 7, 5))
    assert services.version_record_signature(**record, signed_on=date(2026, 7, 12))


def test_a_version_is_in_force_only_once_signed_and_never_ends_before_it_starts(world):
    """Found: a version shown as running "from Dec. 1, 2026 to Jan. 1, 2001". Its term may
    not end before it starts; it is in force from the later of its start and the last
    signature; a term over before the signatures is refused."""
    admin = world.users["district_admin"]
    mou = draft(world)
    version = mou.versions.get()
    terms = {
        "actor": admin,
        "version": version,
        "change_summary": "",
        "supervision": "Sgt. Pat Doe",
        "schools": [world.school],
    }
    with pytest.raises(RuleViolation, match="before its start"):
        services.version_update(
            **terms, effective_from=date(2026, 9, 1), effective_until=date(2026, 8, 31)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        MouVersion.objects.filter(pk=version.pk).update(
            effective_from=date(2026, 9, 1), effective_until=date(2026, 8, 31)
        )
    # Signed on 1 August, after the term's stated start of 1 July: in force from 1 August.
    services.version_update(**terms, effective_from=date(2026, 7, 1), effective_until=None)
    execute(world, version, on=date(2026, 8, 1))
    version.refresh_from_db()
    assert (version.effective_from, version.executed_on) == (date(2026, 8, 1), date(2026, 8, 1))

    # A term that is over before it is signed cannot be executed.
    second = services.version_new(actor=admin, mou=mou)
    services.version_update(
        **{**terms, "version": second},
        effective_from=date(2026, 9, 1),
        effective_until=date(2026, 9, 30),
    )
    submit(world, second, on=date(2026, 10, 1))
    sign_all(world, second, on=date(2026, 10, 2))
    with pytest.raises(RuleViolation, match="The term ends on Sep 30, 2026"):
        services.version_execute(actor=admin, version=second)
    # The database holds it too: no version ends before it starts, nor starts before it was
    # signed.
    for bad in (
        {"effective_from": date(2026, 12, 1), "ended_on": date(2001, 1, 1)},
        {"effective_from": date(2001, 1, 1), "executed_on": date(2026, 8, 1)},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            MouVersion.objects.create(
                mou=mou,
                number=9,
                status=Status.SUPERSEDED,
                **{"executed_on": date(2026, 8, 1), **bad},
            )


def test_the_annual_review_is_due_a_year_after_execution_or_the_last_review(world):
    mou = executed(world, on=date(2025, 9, 15))
    assert selectors.review_due_on(mou) == date(2026, 9, 15)
    review = services.review_record(
        actor=world.users["district_admin"],
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
    mou = draft(world)
    version = mou.versions.get()
    services.version_update(
        actor=world.users["district_admin"],
        version=version,
        change_summary="",
        supervision="Sgt. Pat Doe",
        effective_from=None,
        effective_until=date(2026, 10, 31),
        schools=[world.school],
    )
    execute(world, version)
    assert services.versions_expire(today=date(2026, 11, 1)) == 1
    version.refresh_from_db()
    assert (version.status, version.ended_on) == (Status.EXPIRED, date(2026, 10, 31))


def test_the_consultation_summary_names_who_was_not_heard(world):
    mou = draft(world)
    services.stakeholder_input_add(
        actor=world.users["le_supervisor"],
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
            actor=world.users["school_admin"],
            mou=mou,
            category="school_officials",
            kind="comment",
            held_on=date(2026, 5, 1),
            summary="x",
        )


def test_the_diff_shows_what_changed(world):
    mou = executed(world)
    admin = world.users["district_admin"]
    second = services.version_new(actor=admin, mou=mou)
    section = second.sections.order_by("position").first()
    services.section_save(
        actor=admin,
        version=second,
        section=section,
        heading=section.heading,
        body="A new first line.\n" + section.body,
        clauses=section.clauses,
    )
    services.section_save(
        actor=admin, version=second, heading="Body-worn cameras", body="Cameras stay on."
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
    execute(world, version)
    services.version_new(actor=admin, mou=mou)
    for role in ("school_admin", "sro"):
        assert selectors.mou_list_for(world.users[role]).get() == mou
        assert list(selectors.version_list_for(world.users[role], mou)) == [version]
