"""Production settings are safe and refuse to start half-configured."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "sro_admin.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "sro.example.org",
    "DATABASE_URL": "postgres://sro@db.invalid:5432/sro_admin",
    "REDIS_URL": "redis://redis.invalid:6379/0",
    "CACHE_REDIS_URL": "redis://cache.invalid:6379/0",
}


def manage(*args, **env_overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "DATABASE_URL",
            "REDIS_URL",
            "CACHE_REDIS_URL",
            "SECRET_KEY",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        )
    }
    env.update(PRODUCTION_ENV)
    env.update(env_overrides)
    env = {k: v for k, v in env.items() if v is not None}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_settings_and_a_real_secret():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", SECRET_KEY=None)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = manage("check", SECRET_KEY="too-short")
    assert result.returncode != 0
    assert "at least 50" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = manage("check", ALLOWED_HOSTS=None)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_refuses_to_keep_the_cache_in_the_brokers_redis():
    result = manage("check", CACHE_REDIS_URL=None)
    assert result.returncode != 0
    assert "CACHE_REDIS_URL" in result.stderr
    result = manage("check", CACHE_REDIS_URL=PRODUCTION_ENV["REDIS_URL"])
    assert result.returncode != 0
    assert "not the broker's" in result.stderr


def test_base_settings_are_safe_by_default():
    from sro_admin.settings import base

    assert base.SECRET_KEY == "" or "SECRET_KEY" in os.environ
    assert base.DEBUG is False or os.environ.get("DJANGO_DEBUG")
    assert base.TIME_ZONE == "UTC" and base.USE_TZ
