"""The demo MOUs: published, superseded, reviewed, and a draft the checklist refuses."""

import pytest
from django.core.management import call_command

from mous import selectors
from mous.models import Mou, MouVersion

pytestmark = pytest.mark.django_db


def test_the_demo_mous(client):
    call_command("load_demo", verbosity=0)
    riverbend = Mou.objects.get(title__contains="Riverbend Police Department")
    assert [v.status for v in riverbend.versions.order_by("number")] == [
        MouVersion.Status.SUPERSEDED,
        MouVersion.Status.EXECUTED,
    ]
    assert riverbend.reviews.count() == 1
    draft = Mou.objects.get(title__contains="Sheriff").versions.get()
    assert [c.rule_id for c in selectors.checklist(draft).missing_mandatory] == ["COPS-2(c)"]
    page = client.get("/transparency/riverbend/")
    assert page.status_code == 200
    assert riverbend.title in page.content.decode()
    assert "Sheriff" not in page.content.decode()
    assert client.get(f"/transparency/riverbend/mous/{riverbend.pk}/?lang=es").status_code == 200
    assert Mou.objects.filter(district__slug="cedar-valley").count() == 1
