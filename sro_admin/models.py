"""The user model and the base model every domain model extends."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sro_admin.audit import audited


class BaseModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        # Sign-in by email is case-insensitive; the database keeps emails unique ignoring case.
        return self.get(email__iexact=username)

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


# The password hash and last sign-in are left out of the history on purpose.
@audited(
    fields=["email", "full_name", "is_active", "is_staff", "is_superuser"], model_name="UserEvent"
)
class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. What they may see comes from their memberships (programs)."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("site staff"), default=False, help_text=_("Can use the site administration.")
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_unique_ci")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class OutboxMessage(models.Model):
    """A background effect that follows a commit (sro_admin.outbox): written in the same
    transaction as the change it follows, delivered after the commit, and again by the relay
    until it is taken. Bookkeeping, not content: no audit history and no translated labels."""

    class Effect(models.TextChoices):
        TASK = "task"  # enqueue the Celery task `name` with args and kwargs
        CALL = "call"  # run the function `name` (an @outbox.handler) with kwargs

    effect = models.CharField(max_length=8, choices=Effect.choices)
    name = models.CharField(max_length=200)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            # The relay's question: what is still pending and due.
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(sent_at__isnull=True),
                name="outbox_pending_due",
            )
        ]

    def __str__(self) -> str:
        return f"{self.effect} {self.name} #{self.pk}"
