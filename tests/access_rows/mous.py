"""Access-matrix rows for the MOU pages of signed-in users.

North's MOU with North Police Department covers North High School. Drafts and versions in
review are read by North's district people, the party agency's supervisor and staff; school
administrators and SROs read executed versions only (a draft is a 404 for them, as for another
tenant). District administrators keep MOUs; the supervisor comments and signs for the agency.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

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
    from mous import services

    version = _draft(w)
    services.version_submit(user=w.users["district_admin"], version=version)
    return version


def _executed(w):
    from mous import services
    from mous.tests.builders import sign_all

    admin = w.users["district_admin"]
    version = _draft(w)
    services.version_attach_signed_copy(
        user=admin, version=version, upload=SimpleUploadedFile("s.pdf", b"%PDF-1.7\n%%EOF\n")
    )
    services.version_submit(user=admin, version=version)
    sign_all(w, version)
    services.version_execute(user=admin, version=version)
    return version


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
    "mou-version-submit": action(
        lambda w: {"pk": _draft(w).pk},
        KEEPS_DRAFTS_DONE,
    ),
    "mou-version-return": action(
        lambda w: {"pk": _draft(w).pk},
        KEEPS_DRAFTS_DONE,
    ),
    "mou-version-execute": action(
        lambda w: {"pk": _draft(w).pk},
        KEEPS_DRAFTS_DONE,
    ),
    # The superintendent's slot for the district administrator, the agency's for its
    # supervisor; staff hold neither role, so they have nothing to sign.
    "mou-version-sign": form(
        lambda w: {"pk": _in_review(w).pk},
        signed_in(
            403, district_admin=200, le_supervisor=200, school_admin=404, sro=404, **OUTSIDERS
        ),
    ),
    "mou-signature-record": form(lambda w: {"pk": _in_review(w).pk}, KEEPS_DRAFTS),
    "mou-signed-copy": (lambda w: {"pk": _executed(w).pk}, SEES_MOU),
    "mou-signed-copy-upload": form(lambda w: {"pk": _draft(w).pk}, KEEPS_DRAFTS),
    "mou-section-create": form(lambda w: {"pk": _draft(w).pk}, KEEPS_DRAFTS),
    "mou-section-edit": form(_section, KEEPS_DRAFTS),
    "mou-section-delete": action(
        _section,
        KEEPS_DRAFTS_DONE,
    ),
    "mou-section-move": action(
        _section,
        KEEPS_DRAFTS_DONE,
    ),
}
