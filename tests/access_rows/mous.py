"""Access-matrix rows for the MOU pages of signed-in users.

North's MOU with North Police Department covers North High School. Drafts and versions in
review are read by North's district people, the party agency's supervisor and staff; school
administrators and SROs read executed versions only (a draft is a 404 for them, as for another
tenant). District administrators keep MOUs; the supervisor comments and signs for the agency.
"""

from tests.access_rows import action, form, signed_in

OUTSIDERS = {"other_district_admin": 404, "other_supervisor": 404}
SEES_MOU = signed_in(200, **OUTSIDERS)
READS_DRAFTS = signed_in(200, school_admin=404, sro=404, **OUTSIDERS)
KEEPS = signed_in(403, district_admin=200, staff=200, **OUTSIDERS)
KEEPS_DRAFTS = signed_in(403, district_admin=200, staff=200, school_admin=404, sro=404, **OUTSIDERS)
# A POST-only action on a draft: done (302) for its keepers, 403 for others who read drafts.
KEEPS_DRAFTS_DONE = signed_in(
    404, district_admin=302, le_supervisor=403, program_viewer=403, staff=302
)


def _draft(w):
    from mous.tests.builders import draft

    return draft(w).versions.get()


def _in_review(w):
    from mous.tests.builders import appoint_heads, submit

    appoint_heads(w)
    version = _draft(w)
    submit(w, version)
    return version


def _executed(w):
    from mous import services
    from mous.tests.builders import execute, signed_copy_pdf

    version = _draft(w)
    services.version_attach_signed_copy(
        actor=w.users["district_admin"], version=version, upload=signed_copy_pdf()
    )
    return execute(w, version)


def _awaiting_confirmation(w):
    """The district recorded the agency's paper signature; the agency's head confirms it."""
    from mous import selectors, services
    from mous.models import Signature
    from mous.tests.builders import signed_copy_pdf

    version = _in_review(w)
    services.version_attach_signed_copy(
        actor=w.users["district_admin"], version=version, upload=signed_copy_pdf()
    )
    signature = services.version_record_signature(
        actor=w.users["district_admin"],
        version=version,
        party=Signature.Party.AGENCY_HEAD,
        agency=w.agency,
        signer_name="Chief Rivera",
        signer_title="Chief of Police",
        signed_on=selectors.district_today(w.district),
    )
    return {"pk": version.pk, "sig_pk": signature.pk}


def _section(w):
    version = _draft(w)
    return {"pk": version.pk, "s_pk": version.sections.first().pk}


ROWS: dict[str, tuple] = {
    "mou-list": (lambda w: {}, signed_in(200)),
    "mou-create": form(
        lambda w: {}, signed_in(403, district_admin=200, other_district_admin=200, staff=200)
    ),
    "mou-detail": (lambda w: {"pk": _executed(w).mou_id}, SEES_MOU),
    "mou-edit": form(lambda w: {"pk": _draft(w).mou_id}, KEEPS_DRAFTS),
    "mou-history": (lambda w: {"pk": _executed(w).mou_id}, SEES_MOU),
    "mou-version-new": action(
        lambda w: {"pk": _executed(w).mou_id},
        signed_in(
            403, district_admin=302, other_district_admin=404, other_supervisor=404, staff=302
        ),
    ),
    "mou-input-create": form(
        lambda w: {"pk": _draft(w).mou_id},
        signed_in(
            403,
            district_admin=200,
            le_supervisor=200,
            staff=200,
            school_admin=404,
            sro=404,
            **OUTSIDERS,
        ),
    ),
    "mou-review-create": form(lambda w: {"pk": _executed(w).mou_id}, KEEPS),
    "mou-version-detail": (lambda w: {"pk": _draft(w).pk}, READS_DRAFTS),
    "mou-version-edit": form(lambda w: {"pk": _draft(w).pk}, KEEPS_DRAFTS),
    "mou-version-history": (lambda w: {"pk": _executed(w).pk}, SEES_MOU),
    "mou-version-diff": (lambda w: {"pk": _draft(w).pk}, READS_DRAFTS),
    "mou-version-submit": action(lambda w: {"pk": _draft(w).pk}, KEEPS_DRAFTS_DONE),
    # "Back to draft" and "Remove" ask first: a page with one button (no JavaScript).
    "mou-version-return": (lambda w: {"pk": _in_review(w).pk}, KEEPS_DRAFTS, KEEPS_DRAFTS_DONE),
    "mou-version-execute": action(lambda w: {"pk": _draft(w).pk}, KEEPS_DRAFTS_DONE),
    # Only the heads sign (NASRO-DISC): the superintendent (North's district administrator)
    # and the chief (the agency's supervisor). Staff and other members head nothing.
    "mou-version-sign": form(
        lambda w: {"pk": _in_review(w).pk},
        signed_in(
            403, district_admin=200, le_supervisor=200, school_admin=404, sro=404, **OUTSIDERS
        ),
    ),
    "mou-signature-record": form(lambda w: {"pk": _in_review(w).pk}, KEEPS_DRAFTS),
    # The agency's head confirms the paper signature recorded for the agency; no one else.
    "mou-signature-confirm": form(
        _awaiting_confirmation,
        signed_in(403, le_supervisor=200, school_admin=404, sro=404, **OUTSIDERS),
    ),
    "mou-signed-copy": (lambda w: {"pk": _executed(w).pk}, SEES_MOU),
    "mou-signed-copy-upload": form(lambda w: {"pk": _draft(w).pk}, KEEPS_DRAFTS),
    "mou-section-create": form(lambda w: {"pk": _draft(w).pk}, KEEPS_DRAFTS),
    "mou-section-edit": form(_section, KEEPS_DRAFTS),
    "mou-section-delete": (_section, KEEPS_DRAFTS, KEEPS_DRAFTS_DONE),
    "mou-section-move": action(_section, KEEPS_DRAFTS_DONE),
}
