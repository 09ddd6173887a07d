from django.core.management import call_command
from pghistory.models import Events

from programs.demo import DEMO_PASSWORD, demo_sign_ins
from programs.models import Agency, District, Membership, Officer, Role, School
from sro_admin.models import User


def counts():
    return [m.objects.count() for m in (District, School, Agency, Officer, Membership, User)]


def test_load_demo_twice_changes_nothing_the_second_time(db):
    call_command("load_demo")
    first = counts()
    events = Events.objects.count()
    call_command("load_demo")
    assert counts() == first
    assert first[:2] == [2, 10]  # two districts, five schools each
    assert Agency.objects.count() == 4
    assert events > 0 and Events.objects.count() == events  # not even an audit event


def test_every_demo_sign_in_works_and_has_a_role(db, client):
    call_command("load_demo")
    for email, _what in demo_sign_ins():
        response = client.post("/accounts/login/", {"username": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email
        user = User.objects.get(email=email)
        assert user.is_staff or Membership.objects.filter(user=user).exists(), email
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)


def test_the_demo_training_grid_shows_every_standing(db):
    from programs.models import Program
    from programs.selectors import training_grid
    from programs.selectors.training import State

    call_command("load_demo")
    staff = User.objects.get(is_staff=True)
    states = set()
    for program in Program.objects.all():
        grid = training_grid(staff, program)
        assert len(grid.rows) == 5  # five placed officers per district; one candidate each
        states |= {cell.state for row in grid.rows for cell in row.cells}
    assert {State.MET, State.DUE_SOON, State.OVERDUE, State.UPCOMING} <= states
    assert Officer.objects.count() == 12
