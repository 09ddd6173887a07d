"""Access-matrix rows for the selection pages: postings, selections, probation, opt-outs and a
school's SROs. SROs have no part in selection (404, like another tenant); they read their own
probation and record their own opt-out."""

from datetime import date

from tests.access_rows import SEES_NORTH, form, signed_in


def _posting(w):
    from programs.models import Posting

    return Posting.objects.create(
        program=w.program,
        school=w.school,
        title="SRO, North High School",
        opened_on=date(2026, 1, 5),
    )


def _selection(w, decision="pending"):
    from programs.models import Selection

    # Lee, of the supervisor's agency, is a candidate for North High School's posting.
    return Selection.objects.create(
        posting=_posting(w), officer=w.colleague, volunteered=True, decision=decision
    )


def _probation(w):
    from programs.models import Probation

    assignment = w.officer.assignments.get()
    Probation.objects.create(
        assignment=assignment, starts_on=assignment.starts_on, ends_on=date(2026, 2, 1)
    )
    return assignment


OUTSIDERS = {"other_district_admin": 404, "other_supervisor": 404}
# Who sees North's postings and selections: everyone in North but the SRO.
SEES_SELECTION = signed_in(200, sro=404, **OUTSIDERS)
# Who keeps them: the district's administrators and the candidate's agency's supervisors.
KEEPS_SELECTION = signed_in(
    403, district_admin=200, le_supervisor=200, staff=200, sro=404, **OUTSIDERS
)
# Probation: the officer's supervisors and the school district's administrators.
KEEPS_PROBATION = signed_in(403, district_admin=200, le_supervisor=200, staff=200, **OUTSIDERS)

ROWS: dict[str, tuple] = {
    "posting-list": (lambda w: {}, signed_in(200, sro=404)),
    # South runs no program in the world, so its people have nothing to post in yet.
    "posting-create": form(
        lambda w: {}, signed_in(403, district_admin=200, le_supervisor=200, staff=200, sro=404)
    ),
    "posting-detail": (lambda w: {"pk": _posting(w).pk}, SEES_SELECTION),
    "posting-edit": form(lambda w: {"pk": _posting(w).pk}, KEEPS_SELECTION),
    "posting-history": (lambda w: {"pk": _posting(w).pk}, SEES_SELECTION),
    "selection-create": form(lambda w: {"pk": _posting(w).pk}, KEEPS_SELECTION),
    "selection-detail": (lambda w: {"pk": _selection(w).pk}, SEES_SELECTION),
    "selection-history": (lambda w: {"pk": _selection(w).pk}, SEES_SELECTION),
    "committee-member-add": form(lambda w: {"pk": _selection(w).pk}, KEEPS_SELECTION),
    "interview-add": form(lambda w: {"pk": _selection(w).pk}, KEEPS_SELECTION),
    "rating-set": form(lambda w: {"pk": _selection(w).pk}, KEEPS_SELECTION),
    "selection-participation": form(
        lambda w: {"pk": _selection(w).pk}, {**KEEPS_SELECTION, "school_admin": 200}
    ),
    "selection-decide": form(lambda w: {"pk": _selection(w).pk}, KEEPS_SELECTION),
    # Assignments are the agency's: its supervisors place a selected candidate.
    "selection-assign": form(
        lambda w: {"pk": _selection(w, decision="selected").pk},
        signed_in(403, le_supervisor=200, staff=200, sro=404, **OUTSIDERS),
    ),
    # Sam's own probation: everyone who sees Sam reads it, Sam included.
    "probation-detail": (lambda w: {"pk": _probation(w).pk}, SEES_NORTH),
    "probation-start": form(lambda w: {"pk": w.officer.assignments.get().pk}, KEEPS_PROBATION),
    "probation-review-add": form(
        lambda w: {"pk": _probation(w).pk}, {**KEEPS_PROBATION, "school_admin": 200}
    ),
    "probation-decide": form(lambda w: {"pk": _probation(w).pk}, KEEPS_PROBATION),
    # COPS-11: Sam records his own opt-out, or his supervisor does.
    "opt-out-create": form(
        lambda w: {"pk": w.officer.pk},
        signed_in(403, sro=200, le_supervisor=200, staff=200, **OUTSIDERS),
    ),
    "school-sros": (
        lambda w: {"pk": w.school.pk},
        signed_in(
            403, district_admin=200, school_admin=200, program_viewer=200, staff=200, **OUTSIDERS
        ),
    ),
}
