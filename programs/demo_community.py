"""Demo content for one district's community decision record (COPS-1) and school-staff training
(COPS-8, NASRO 03.01.01). Called by programs/demo.py for each district, after its officers and
their assignments exist. Fictional throughout. Running it twice adds nothing.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db.models import Min

FORUM = "Community listening session on school resource officers"
SURVEY = "Survey of teachers and counselors on the SRO program"
RESOLUTION = "Board resolution establishing the SRO program"
JOINT_SESSION = "Working together: the SRO's role, school discipline and safety"
STAFF_SESSION = "What SROs do and do not do: a briefing for school staff"


def _resolution_pdf(district_name: str, decided_on: date) -> bytes:
    """A one-page PDF standing in for the signed resolution (plain ASCII text)."""
    text = f"{district_name}: Board resolution, {decided_on.isoformat()}. Demo document."
    text = text.encode("ascii", "replace").decode().replace("(", "[").replace(")", "]")
    stream = f"BT /F1 12 Tf 56 760 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def demo_community(*, district, schools, agencies, officers, today: date, actor) -> bool:
    """Two engagements and the decision that drew on them, dated before the district's first
    assignment; two staff-training sessions, one joint with two SROs and an administrator.
    Returns True if anything was created."""
    from programs.models import Assignment, Program
    from programs.services.community import engagement_record, program_decision_record
    from programs.services.training import staff_training_record

    program = Program.objects.get(district=district)
    created = False
    first_placement = Assignment.objects.filter(school__district=district).aggregate(
        first=Min("starts_on")
    )["first"] or today - timedelta(days=365)
    decided_on = first_placement - timedelta(days=60)

    titles = set(program.engagements.values_list("title", flat=True))
    if FORUM not in titles:
        engagement_record(
            actor=actor,
            program=program,
            kind="forum",
            held_on=decided_on - timedelta(days=90),
            title=FORUM,
            stakeholders=["students", "families", "community"],
            participants=64,
            summary=(
                "Students asked that officers know them by name and stay out of classroom "
                "discipline. Families wanted to know when an SRO would call them, and how to "
                "raise a concern about an officer."
            ),
        )
        created = True
    if SURVEY not in titles:
        engagement_record(
            actor=actor,
            program=program,
            kind="survey",
            held_on=decided_on - timedelta(days=45),
            title=SURVEY,
            stakeholders=["teachers", "counselors"],
            participants=212,
            summary=(
                "Most respondents supported an SRO at each secondary school, provided the MOU "
                "keeps school discipline with staff and counselors are called first for students "
                "in crisis."
            ),
        )
        created = True
    if not program.decisions.filter(kind="establish").exists():
        program_decision_record(
            actor=actor,
            program=program,
            kind="establish",
            decided_on=decided_on,
            decided_by="The Board of Education",
            summary=(
                "The board established the SRO program with the district's partner agencies, "
                "on the conditions heard at the listening session and in the staff survey; "
                "the program is to be reviewed every year."
            ),
            engagements=program.engagements.filter(title__in=[FORUM, SURVEY]),
            attachment=ContentFile(_resolution_pdf(district.name, decided_on)),
        )
        created = True

    sessions = set(program.staff_trainings.values_list("title", flat=True))
    if JOINT_SESSION not in sessions:
        staff_training_record(
            actor=actor,
            program=program,
            held_on=today - timedelta(days=60),
            title=JOINT_SESSION,
            hours=Decimal("3.0"),
            schools=schools[:2],
            staff_attended=38,
            administrators_attended=1,
            sros=officers[:2],
        )
        created = True
    if STAFF_SESSION not in sessions:
        staff_training_record(
            actor=actor,
            program=program,
            held_on=today - timedelta(days=150),
            title=STAFF_SESSION,
            hours=Decimal("1.5"),
            schools=schools[2:],
            staff_attended=54,
        )
        created = True
    return created
