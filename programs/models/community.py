"""The community's say in having a program (COPS-1) and the training of school staff on the
SRO's role (COPS-8, NASRO 03.01.01, 04.01.02)."""

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from programs.models.officers import Officer
from programs.models.program import Program
from programs.models.tenants import School
from sro_admin.audit import audited
from sro_admin.models import BaseModel


class Stakeholder(models.TextChoices):
    STUDENTS = "students", _("Students")
    FAMILIES = "families", _("Families")
    TEACHERS = "teachers", _("Teachers")
    COUNSELORS = "counselors", _("Counselors, psychologists and social workers")
    ADMINISTRATORS = "administrators", _("School administrators")
    SROS = "sros", _("SROs")
    AGENCY_LEADERSHIP = "agency_leadership", _("Agency leadership")
    COMMUNITY = "community", _("Community members")
    YOUTH_ORGANISATIONS = "youth_organisations", _("Youth and civil-rights organisations")


@audited()
class Engagement(BaseModel):
    """A meeting, survey or forum held to hear the community about the program (COPS-1)."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Public meeting")
        SURVEY = "survey", _("Survey")
        FORUM = "forum", _("Listening session or forum")
        BOARD = "board", _("Board hearing")

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="engagements", verbose_name=_("program")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    held_on = models.DateField(_("held on"))
    title = models.CharField(_("title"), max_length=200)
    stakeholders = ArrayField(
        models.CharField(max_length=24, choices=Stakeholder.choices),
        default=list,
        blank=True,
        verbose_name=_("who took part"),
    )
    participants = models.PositiveIntegerField(_("number of participants"), null=True, blank=True)
    summary = models.TextField(_("summary of what was heard"))
    attachment = models.FileField(
        _("attachment"), upload_to="engagements/%Y/", blank=True, max_length=300
    )

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("community engagement")
        verbose_name_plural = _("community engagements")

    def __str__(self) -> str:
        return self.title


@audited()
class ProgramDecision(BaseModel):
    """The recorded local decision to have, keep, change or end the program (COPS-1)."""

    class Kind(models.TextChoices):
        ESTABLISH = "establish", _("Establish the program")
        CONTINUE = "continue", _("Continue the program")
        MODIFY = "modify", _("Change the program")
        END = "end", _("End the program")

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("program")
    )
    kind = models.CharField(_("decision"), max_length=16, choices=Kind.choices)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.CharField(
        _("decided by"), max_length=200, help_text=_("For example: the Board of Education.")
    )
    summary = models.TextField(_("summary"))
    engagements = models.ManyToManyField(
        Engagement, blank=True, related_name="decisions", verbose_name=_("engagement it drew on")
    )
    attachment = models.FileField(
        _("attachment"), upload_to="decisions/%Y/", blank=True, max_length=300
    )

    class Meta:
        ordering = ["-decided_on"]
        verbose_name = _("program decision")
        verbose_name_plural = _("program decisions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {date_format(self.decided_on)}"


@audited()
class StaffTrainingSession(BaseModel):
    """School staff trained on the SRO's role, jointly with SROs where possible (COPS-8)."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="staff_trainings", verbose_name=_("program")
    )
    held_on = models.DateField(_("held on"))
    title = models.CharField(_("title"), max_length=200)
    hours = models.DecimalField(
        _("hours"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0.1)]
    )
    schools = models.ManyToManyField(
        School, blank=True, related_name="staff_trainings", verbose_name=_("schools")
    )
    staff_attended = models.PositiveIntegerField(_("school staff who attended"), default=0)
    administrators_attended = models.PositiveIntegerField(
        _("administrators who attended"),
        default=0,
        help_text=_("NASRO 03.01.01: an administrator attends with the SRO."),
    )
    sros = models.ManyToManyField(
        Officer, blank=True, related_name="staff_trainings", verbose_name=_("SROs who attended")
    )

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("staff training session")
        verbose_name_plural = _("staff training sessions")

    def __str__(self) -> str:
        return f"{self.title} · {date_format(self.held_on)}"

    @property
    def joint(self) -> bool:
        """Held jointly with SROs, as COPS-8 prefers."""
        return self.sros.exists()
