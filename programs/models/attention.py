"""The training attention summary: per program and officer, how many requirements were
overdue and due soon on a day, so that a program's home counts and the grid's "overdue"
filter read an index instead of computing every officer's standings (ADR 0019).

Derived, never written by a user: the refresh job (programs.tasks.training_attention_refresh)
writes it from the standings SQL, and a row counts only while it is current: computed for
the reader's day, from the officer's and the program's versions as they are now. Triggers
(programs.models.attention_triggers) count those versions in every writer's transaction, so
a row read from before a write is never taken for after it; whatever is not current is
computed on the spot (programs/selectors/standings.py). Not audited: what it is read from is.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from programs.models.officers import Officer
from programs.models.program import Program


class OfficerTrainingVersion(models.Model):
    """How many times an officer's training records and placements were written (triggers)."""

    officer = models.OneToOneField(
        Officer,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("officer"),
    )
    version = models.BigIntegerField(_("version"))

    class Meta:
        verbose_name = _("officer training version")
        verbose_name_plural = _("officer training versions")

    def __str__(self) -> str:
        return f"{self.officer_id} · {self.version}"


class ProgramTrainingVersion(models.Model):
    """How many times a program's requirements and standing settings were written."""

    program = models.OneToOneField(
        Program,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("program"),
    )
    version = models.BigIntegerField(_("version"))

    class Meta:
        verbose_name = _("program training version")
        verbose_name_plural = _("program training versions")

    def __str__(self) -> str:
        return f"{self.program_id} · {self.version}"


class TrainingAttention(models.Model):
    """An officer's requirements overdue and due soon in a program, as of a day, computed
    from the officer's and the program's versions it names."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="+", verbose_name=_("program")
    )
    officer = models.ForeignKey(
        Officer,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("officer"),
        db_index=False,  # the unique constraint's second column; officer deletes are rare
    )
    as_of = models.DateField(_("as of"))
    officer_version = models.BigIntegerField(_("officer version"))
    program_version = models.BigIntegerField(_("program version"))
    overdue = models.PositiveSmallIntegerField(_("requirements overdue"))
    due_soon = models.PositiveSmallIntegerField(_("requirements due soon"))

    class Meta:
        verbose_name = _("training attention")
        verbose_name_plural = _("training attention")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "officer"], name="training_attention_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program_id} · {self.officer_id} · {self.as_of}"
