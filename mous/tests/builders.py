"""MOUs in each state, built through the services as the people using the app would.

North's heads (NASRO-DISC) are recorded on the district's and agency's pages: the district
administrator is North's superintendent, the supervisor is North Police Department's chief.
A version is submitted, signed and executed on the same day, `on`.
"""

from __future__ import annotations

from datetime import date, datetime, time
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mous import clauses, services
from mous.models import Mou, MouVersion, Signature
from programs.models import SigningAuthority
from programs.services.heads import signing_authority_add

HEADS_SINCE = date(2020, 1, 1)


def signed_copy_pdf(name: str = "signed.pdf", *, pages: int = 1) -> SimpleUploadedFile:
    """A real PDF (blank pages), as a scanner would make one."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=612, height=792)
    buffer = BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def appoint_heads(world) -> None:
    """North's superintendent (the district administrator) and North Police Department's
    chief (its supervisor), since 2020. Recorded once."""
    if SigningAuthority.objects.filter(district=world.district).exists():
        return
    signing_authority_add(
        actor=world.users["district_admin"],
        district=world.district,
        person=world.users["district_admin"],
        kind=SigningAuthority.Kind.SUPERINTENDENT,
        title="Superintendent",
        starts_on=HEADS_SINCE,
    )
    signing_authority_add(
        actor=world.users["le_supervisor"],
        agency=world.agency,
        person=world.users["le_supervisor"],
        kind=SigningAuthority.Kind.CHIEF,
        title="Chief of Police",
        starts_on=HEADS_SINCE,
    )


def noon(world, on: date) -> datetime:
    """Midday of `on` in North's time zone."""
    return timezone.make_aware(datetime.combine(on, time(12)), world.district.time_zone)


def submit(world, version: MouVersion, *, on: date | None = None) -> None:
    services.version_submit(
        actor=world.users["district_admin"], version=version, now=noon(world, on) if on else None
    )


def draft(world, *, title: str = "North SRO MOU", covering_all: bool = True) -> Mou:
    """North's MOU with North Police Department, first draft. With `covering_all`, one
    section per checklist element so nothing is missing."""
    admin = world.users["district_admin"]
    mou = services.mou_create(
        actor=admin,
        district=world.district,
        title=title,
        title_es="MOU de SRO de North",
        agencies=[world.agency],
        schools=[world.school],
    )
    version = mou.versions.get()
    if covering_all:
        for clause in clauses.CLAUSES:
            services.section_save(
                actor=admin,
                version=version,
                heading=str(clause.label),
                body=f"The parties agree on {clause.label}.",
                heading_es=f"Sección {clause.rule_id}",
                body_es=f"Las partes acuerdan: {clause.rule_id}.",
                clauses=[clause.code],
            )
    services.version_update(
        actor=admin,
        version=version,
        change_summary="First MOU.",
        supervision="Sgt. Pat Doe, North Police Department Youth Services Unit.",
        effective_from=None,
        effective_until=None,
        schools=[world.school],
    )
    return mou


def sign_all(world, version: MouVersion, *, on: date = date(2026, 8, 1)) -> None:
    """Both heads sign in the app on `on`: the superintendent, and the chief."""
    appoint_heads(world)
    services.version_sign(
        actor=world.users["district_admin"],
        version=version,
        party=Signature.Party.SUPERINTENDENT,
        signer_title="Superintendent",
        today=on,
    )
    services.version_sign(
        actor=world.users["le_supervisor"],
        version=version,
        party=Signature.Party.AGENCY_HEAD,
        agency=world.agency,
        signer_title="Chief of Police",
        today=on,
    )


def execute(world, version: MouVersion, *, on: date = date(2026, 8, 1)) -> MouVersion:
    """Submit, sign and execute a draft on `on`, as its administrator and heads would."""
    submit(world, version, on=on)
    sign_all(world, version, on=on)
    services.version_execute(actor=world.users["district_admin"], version=version)
    return version


def executed(world, *, on: date = date(2026, 8, 1), **kwargs) -> Mou:
    """North's MOU, executed on `on` (submitted, and both heads signed, that day)."""
    mou = draft(world, **kwargs)
    execute(world, mou.versions.get(), on=on)
    return mou
