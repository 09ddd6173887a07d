"""What the MOUs ask of the signed-in person now, for the home page (programs.needs): MOUs
waiting for their signature as a head (NASRO-DISC) and annual reviews falling due (COPS-2,
NASRO 04.01.02). Registered by MousConfig.ready(), since programs does not import mous."""

from __future__ import annotations

from datetime import date

from django.utils.translation import ngettext

from mous.selectors import Needing, mou_reviews_due_count, mous_awaiting_signature_of
from programs.needs import Need, Urgency, filtered


def mous_to_sign(*, user, access, today: date) -> list[Need]:
    n = len(mous_awaiting_signature_of(user, today=today))
    return [
        Need(
            ngettext(
                "%(n)s MOU awaits your signature or confirmation.",
                "%(n)s MOUs await your signature or confirmation.",
                n,
            )
            % {"n": n},
            n,
            filtered("mou-list", needing=Needing.SIGNATURE),
            Urgency.TO_DO,
            "NASRO-DISC",
        )
    ]


def mou_reviews_due(*, user, access, today: date) -> list[Need]:
    n, overdue = mou_reviews_due_count(user, today=today)
    return [
        Need(
            ngettext(
                "%(n)s MOU's annual review is due within 60 days or overdue.",
                "%(n)s MOUs' annual reviews are due within 60 days or overdue.",
                n,
            )
            % {"n": n},
            n,
            filtered("mou-list", needing=Needing.REVIEW),
            Urgency.OVERDUE if overdue else Urgency.SOON,
            "COPS-2",
        )
    ]
