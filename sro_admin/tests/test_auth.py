"""Sign-in, lockout (CJIS 5.5.3), idle sessions (CJIS 5.5.5), password reset and change."""

import re

from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from programs.tests.factories import PASSWORD, UserFactory


def sign_in(client, email, password=PASSWORD, **extra):
    return client.post(reverse("login"), {"username": email, "password": password}, **extra)


def test_sign_in_by_email_whatever_its_capitals(db, client):
    UserFactory(email="casey@example.org")
    response = sign_in(client, "Casey@Example.ORG")
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_a_wrong_password_is_refused_with_a_message(db, client):
    UserFactory(email="casey@example.org")
    response = sign_in(client, "casey@example.org", "wrong password")
    assert response.status_code == 200
    assert "Please enter a correct email address and password" in response.content.decode()


def test_five_failures_lock_the_account_for_ten_minutes(db, client):
    UserFactory(email="casey@example.org")
    for _ in range(4):
        assert sign_in(client, "casey@example.org", "wrong").status_code == 200
    assert sign_in(client, "casey@example.org", "wrong").status_code == 429  # the fifth locks
    locked = sign_in(client, "casey@example.org")  # the right password no longer helps
    assert locked.status_code == 429
    assert "locked" in locked.content.decode()
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 600


def test_capitals_do_not_buy_more_attempts(db, client):
    UserFactory(email="casey@example.org")
    for email in [
        "casey@example.org",
        "CASEY@example.org",
        "Casey@example.org",
        "casey@EXAMPLE.org",
        "cAsey@example.org",
    ]:
        sign_in(client, email, "wrong")
    assert sign_in(client, "casey@example.org").status_code == 429


def test_the_lock_lifts_after_ten_minutes(db, client):
    from datetime import timedelta

    from axes.models import AccessAttempt

    UserFactory(email="casey@example.org")
    for _ in range(5):
        sign_in(client, "casey@example.org", "wrong")
    assert sign_in(client, "casey@example.org").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=10, seconds=1))
    assert sign_in(client, "casey@example.org").status_code == 302


def test_a_lockout_does_not_lock_others_behind_the_same_address(db, client):
    UserFactory(email="casey@example.org")
    UserFactory(email="robin@example.org")
    for _ in range(5):
        sign_in(client, "casey@example.org", "wrong", REMOTE_ADDR="10.1.2.3")
    response = sign_in(client, "robin@example.org", REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302


def test_failures_must_be_consecutive(db, client):
    UserFactory(email="casey@example.org")
    for _ in range(4):
        sign_in(client, "casey@example.org", "wrong")
    assert sign_in(client, "casey@example.org").status_code == 302  # success resets the count
    client.logout()
    for _ in range(4):
        sign_in(client, "casey@example.org", "wrong")
    assert sign_in(client, "casey@example.org").status_code == 302


def test_the_session_id_changes_at_sign_in(db, client):
    UserFactory(email="casey@example.org")
    session = client.session  # an anonymous session, as a visitor would have
    session["probe"] = 1
    session.save()
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    sign_in(client, "casey@example.org")
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert before != after


def test_sessions_end_after_30_idle_minutes_counted_from_the_last_request(db, client):
    user = UserFactory()
    client.force_login(user)
    response = client.get(reverse("home"))
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert settings.SESSION_COOKIE_AGE == 1800
    assert settings.SESSION_SAVE_EVERY_REQUEST  # every request starts the 30 minutes again
    assert client.session.get_expiry_age() == 1800
    assert cookie.value  # refreshed on an ordinary page view, not only at sign-in


def test_password_reset_sends_a_working_link(db, client):
    UserFactory(email="casey@example.org")
    response = client.post(reverse("password_reset"), {"email": "casey@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    page = client.get(link.group(1), follow=True)
    assert "Choose a new password" in page.content.decode()
    done = client.post(
        page.redirect_chain[-1][0],
        {
            "new_password1": "a brand new passphrase 42",
            "new_password2": "a brand new passphrase 42",
        },
    )
    assert done.status_code == 302
    assert sign_in(client, "casey@example.org", "a brand new passphrase 42").status_code == 302


def test_password_reset_says_nothing_about_unknown_addresses(db, client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302 and len(mail.outbox) == 0


def test_password_change_checks_the_old_password_and_the_rules(db, client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "short", "new_password2": "short"},
    )
    body = response.content.decode()
    assert "Your old password was entered incorrectly" in body
    assert "This password is too short" in body
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another long passphrase 7",
            "new_password2": "another long passphrase 7",
        },
    )
    assert response.status_code == 302


def test_an_idle_session_is_over(db, client):
    from datetime import timedelta

    from django.contrib.sessions.models import Session

    client.force_login(UserFactory())
    assert client.get(reverse("home")).status_code == 200
    # 30 minutes and a second without a request:
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
