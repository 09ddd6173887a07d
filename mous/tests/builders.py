"""MOUs in each state, built through the services as the people using the app would."""

from __future__ import annotations

from datetime import date

from mous import clauses, services
from mous.models import Mou, MouVersion, Signature


def draft(world, *, title: str = "North SRO MOU", covering_all: bool = True) -> Mou:
    """North's MOU with North Police Department, first draft. With `covering_all`, one
    section per checklist element so nothing is missing."""
    admin = world.users["district_admin"]
    mou = services.mou_create(
        user=admin,
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
                user=admin,
                version=version,
                heading=str(clause.label),
                body=f"The parties agree on {clause.label}.",
                heading_es=f"Sección {clause.rule_id}",
                body_es=f"Las partes acuerdan: {clause.rule_id}.",
                clauses=[clause.code],
            )
    services.version_update(
        user=admin,
        version=version,
        change_summary="First MOU.",
        supervision="Sgt. Pat Doe, North Police Department Youth Services Unit.",
        effective_from=None,
        effective_until=None,
        schools=[world.school],
    )
    return mou


def sign_all(world, version: MouVersion, *, on: date = date(2026, 8, 1)) -> None:
    services.version_sign(
        user=world.users["district_admin"],
        version=version,
        party=Signature.Party.SUPERINTENDENT,
        signer_title="Superintendent",
        today=on,
    )
    services.version_sign(
        user=world.users["le_supervisor"],
        version=version,
        party=Signature.Party.AGENCY_HEAD,
        agency=world.agency,
        signer_title="Chief of Police",
        as_delegate=True,
        delegation="Delegated by Chief Rivera, order 2026-14",
        today=on,
    )


def executed(world, *, on: date = date(2026, 8, 1), **kwargs) -> Mou:
    """North's MOU, executed on `on` (both heads signed that day)."""
    mou = draft(world, **kwargs)
    admin = world.users["district_admin"]
    version = mou.versions.get()
    services.version_submit(user=admin, version=version)
    sign_all(world, version, on=on)
    services.version_execute(user=admin, version=version)
    return mou
