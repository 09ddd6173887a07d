"""Access-matrix rows for the program page, the community decision record, school-staff
training and training certificates.

A program is seen by whoever sees its district and changed by its district administrators;
a certificate is seen by whoever sees the officer and kept by the agency's supervisors.
"""

from datetime import date

from django.core.files.base import ContentFile

from tests.access_rows import KEEPS_NORTH_OFFICERS, SEES_NORTH, form, signed_in

# Visible to everyone who sees North; only its district administrators (and staff) change it.
CHANGES_NORTH_PROGRAM = signed_in(
    403, district_admin=200, staff=200, other_district_admin=404, other_supervisor=404
)
PDF = b"%PDF-1.7\n% a test attachment\n"


def _program(w):
    return {"pk": w.program.pk}


def _requirement(w):
    return {"pk": w.program.pk, "req_pk": w.program.requirements.order_by("pk").first().pk}


def _engagement(w):
    from programs.models import Engagement

    engagement = Engagement.objects.create(
        program=w.program,
        kind=Engagement.Kind.FORUM,
        held_on=date(2025, 3, 4),
        title="Spring listening session",
        stakeholders=["students", "families"],
        summary="Families asked what the SRO would and would not do.",
    )
    engagement.attachment.save("minutes.pdf", ContentFile(PDF))
    return {"pk": w.program.pk, "e_pk": engagement.pk}


def _decision(w):
    from programs.models import ProgramDecision

    decision = ProgramDecision.objects.create(
        program=w.program,
        kind=ProgramDecision.Kind.ESTABLISH,
        decided_on=date(2025, 4, 1),
        decided_by="Board of Education",
        summary="The board established the program.",
    )
    decision.attachment.save("resolution.pdf", ContentFile(PDF))
    return {"pk": w.program.pk, "d_pk": decision.pk}


def _record(w, *, certificate: bool):
    from programs.models import Course, TrainingRecord

    record = TrainingRecord.objects.create(
        officer=w.officer,
        course=Course.objects.get(program=None, code="basic-sro"),
        completed_on=date(2025, 10, 1),
        hours=40,
    )
    if certificate:
        record.certificate.save("certificate.pdf", ContentFile(PDF))
    return {"pk": record.pk}


ROWS: dict[str, tuple] = {
    "program-detail": (_program, SEES_NORTH),
    "program-edit": form(_program, CHANGES_NORTH_PROGRAM),
    "program-history": (_program, SEES_NORTH),
    "requirement-edit": form(_requirement, CHANGES_NORTH_PROGRAM),
    "requirement-create": form(_program, CHANGES_NORTH_PROGRAM),
    "course-create": form(_program, CHANGES_NORTH_PROGRAM),
    "program-community": (_program, SEES_NORTH),
    "engagement-create": form(_program, CHANGES_NORTH_PROGRAM),
    "decision-create": form(_program, CHANGES_NORTH_PROGRAM),
    "engagement-attachment": (_engagement, SEES_NORTH),
    "decision-attachment": (_decision, SEES_NORTH),
    "staff-training": (_program, SEES_NORTH),
    "staff-training-schools": (_program, SEES_NORTH),
    "staff-training-create": form(_program, CHANGES_NORTH_PROGRAM),
    # Sam's record: seen by everyone who sees Sam (his school's administrator included).
    "training-certificate": (lambda w: _record(w, certificate=True), SEES_NORTH),
    "training-certificate-upload": form(
        lambda w: _record(w, certificate=False), KEEPS_NORTH_OFFICERS
    ),
}
