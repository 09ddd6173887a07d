"""`{% standing cell %}` (programs/templatetags/standings.py): every standing in words, with
its date, in English and Spanish; colour only repeats the words."""

from datetime import date

import pytest
from django.template import Context, Template
from django.utils import translation

from programs.selectors.training import Standing, State

DAY = date(2026, 1, 1)


def drawn(cell: Standing, language: str) -> str:
    with translation.override(language):
        return Template("{% load standings %}{% standing cell %}").render(Context({"cell": cell}))


@pytest.mark.parametrize(
    ("cell", "english", "spanish", "badge"),
    [
        (
            Standing(State.MET, met_on=DAY),
            'Met</span> <span class="small">Jan 1, 2026</span>',
            "Cumplido",
            "success",
        ),
        (
            Standing(State.MET, met_on=DAY, late=True),
            "Jan 1, 2026 (late)",
            "(con retraso)",
            "success",
        ),
        (Standing(State.OVERDUE, due_on=DAY), "since Jan 1, 2026", "desde el 1 ene 2026", "danger"),
        (Standing(State.DUE_SOON, due_on=DAY), "by Jan 1, 2026", "Vence pronto", "warning"),
        (Standing(State.UPCOMING, due_on=DAY), "Due by Jan 1, 2026", "Vence el 1 ene 2026", None),
        (Standing(State.NOT_APPLICABLE), "Not yet applicable", "Aún no corresponde", None),
    ],
)
def test_each_standing_is_said_in_words(cell, english, spanish, badge):
    assert english in drawn(cell, "en")
    assert spanish in drawn(cell, "es")
    if badge:
        assert f"text-bg-{badge}" in drawn(cell, "en")
        assert '<span aria-hidden="true">' in drawn(cell, "en")  # the sign is not read out
    else:
        assert "badge" not in drawn(cell, "en")
