"""Training: a course catalogue, each program's requirements as data, and officers' records.

COPS-8, NASRO 03.01.01-03.04.01, NASRO-DISC, ORGS. An officer's status per requirement is
computed (programs/selectors/training.py), never stored.
"""

import pgtrigger
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from programs.models import attention_triggers
from programs.models.officers import Officer
from programs.models.program import Program
from sro_admin.audit import audited
from sro_admin.models import BaseModel


class CourseQuerySet(models.QuerySet):
    def offered_to(self, programs):
        """The catalogue's courses and those of `programs` (a program, or a queryset or list
        of them): what a program's requirements and records may name."""
        if isinstance(programs, Program):
            return self.filter(Q(program__isnull=True) | Q(program=programs))
        return self.filter(Q(program__isnull=True) | Q(program__in=programs))

    def offered_to_agencies(self, agencies):
        """The catalogue's courses and those of the programs of districts `agencies` serve:
        what an agency's officers may have taken."""
        return self.filter(
            Q(program__isnull=True) | Q(program__district__agency_links__agency__in=agencies)
        )


@audited()
class Course(BaseModel):
    """A training course. Catalogue-wide when it has no program; a program may add its own."""

    objects = CourseQuerySet.as_manager()

    class Category(models.TextChoices):
        BASIC = "basic", _("Basic SRO course")
        ADVANCED = "advanced", _("Advanced SRO course")
        ANNUAL_SAFETY = "annual_safety", _("Annual school-safety training")
        RAPID_DEPLOYMENT = "rapid_deployment", _("Single-officer rapid deployment")
        SPECIAL_NEEDS = "special_needs", _("Special needs and IEPs")
        TOPIC = "topic", _("Topic")

    program = models.ForeignKey(
        Program,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("program"),
        help_text=_("Empty for the shared catalogue."),
    )
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(
        _("category"), max_length=24, choices=Category.choices, default=Category.TOPIC
    )
    expected_hours = models.DecimalField(
        _("expected hours"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    rule_ids = models.CharField(
        _("rules"),
        max_length=120,
        blank=True,
        help_text=_("The rules that ask for it, e.g. COPS-8."),
    )
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(program__isnull=True),
                name="course_code_unique_in_catalogue",
            ),
            models.UniqueConstraint(
                fields=["program", "code"], name="course_code_unique_in_program"
            ),
        ]

    def __str__(self) -> str:
        return self.name


@audited()
class TrainingRequirement(BaseModel):
    """One rule of a program's training schedule, as data (not a code path)."""

    class Kind(models.TextChoices):
        WITHIN_MONTHS_OF_PLACEMENT = (
            "within_months_of_placement",
            _("Within a number of months of the officer's first placement"),
        )
        EVERY_SCHOOL_YEAR = "every_school_year", _("Every school year")
        MONTHS_AFTER_COURSE = (
            "months_after_course",
            _("A number of months after completing another course"),
        )
        EVERY_N_MONTHS = "every_n_months", _("Every number of months")

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="requirements", verbose_name=_("program")
    )
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="requirements", verbose_name=_("course")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    months = models.PositiveSmallIntegerField(_("months"), null=True, blank=True)
    after_course = models.ForeignKey(
        Course,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("after course"),
    )
    rule_ids = models.CharField(_("rules"), max_length=120, blank=True)
    is_active = models.BooleanField(_("in force"), default=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("training requirement")
        verbose_name_plural = _("training requirements")
        # The training attention summary follows a program's requirements (ADR 0019).
        triggers = attention_triggers.program_versions_counted()
        constraints = [
            models.CheckConstraint(
                name="requirement_months_where_needed",
                condition=Q(kind="every_school_year") | Q(months__isnull=False),
            ),
            models.CheckConstraint(
                name="requirement_after_course_where_needed",
                condition=~Q(kind="months_after_course") | Q(after_course__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} · {self.get_kind_display()}"


COMPLETIONS = "programs_coursecompletion"
RECORDS = "programs_trainingrecord"


def _recount(pairs_sql: str) -> str:
    """A trigger body that counts again, from the records, the (officer, course) pairs that
    `pairs_sql` names (a record deleted, or moved to another officer, course or date)."""
    return f"""
        DELETE FROM {COMPLETIONS}
            WHERE (officer_id, course_id) IN ({pairs_sql});
        INSERT INTO {COMPLETIONS}
            (officer_id, course_id, first_completed_on, last_completed_on, records)
        SELECT officer_id, course_id, MIN(completed_on), MAX(completed_on), COUNT(*)
        FROM {RECORDS}
        WHERE (officer_id, course_id) IN ({pairs_sql})
        GROUP BY officer_id, course_id;
        RETURN NULL;
    """  # noqa: S608 - table names from this module, never from input


def _unindexed_in_history(model, verbose_name) -> models.ForeignKey:
    """A foreign key of TrainingRecordEvent as pghistory would copy it, without its index:
    history is read by the record (`pgh_obj_id`, sro_admin.audit.history_for), never by
    officer or course, and each index of the event table slows every import (ADR 0017)."""
    return models.ForeignKey(
        model,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
        related_query_name="+",
        verbose_name=verbose_name,
    )


@audited(
    attrs={
        "officer": _unindexed_in_history("programs.Officer", _("officer")),
        "course": _unindexed_in_history("programs.Course", _("course")),
    }
)
class TrainingRecord(BaseModel):
    """An officer completed a course. Importing the same record twice adds nothing."""

    officer = models.ForeignKey(
        Officer,
        on_delete=models.PROTECT,
        related_name="training_records",
        verbose_name=_("officer"),
        # training_record_unique (officer, course, completed_on) serves the officer's
        # lookups; a second index would only slow every import (ADR 0017).
        db_index=False,
    )
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="training_records", verbose_name=_("course")
    )
    completed_on = models.DateField(_("completed on"))
    hours = models.DecimalField(
        _("hours"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0.1)]
    )
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    certificate = models.FileField(
        _("certificate"), upload_to="certificates/%Y/", blank=True, max_length=300
    )

    class Meta:
        ordering = ["-completed_on", "pk"]
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        constraints = [
            # Also the index of an officer's records by course and date (standings, pages).
            models.UniqueConstraint(
                fields=["officer", "course", "completed_on"], name="training_record_unique"
            ),
            models.CheckConstraint(name="training_hours_positive", condition=Q(hours__gt=0)),
        ]
        # CourseCompletion follows every write, whatever its path (services, imports, the
        # site administration, SQL): once per statement, from its transition tables.
        triggers = [
            pgtrigger.Trigger(
                name="completions_insert",
                level=pgtrigger.Statement,
                when=pgtrigger.After,
                operation=pgtrigger.Insert,
                referencing=pgtrigger.Referencing(new="new_values"),
                func=f"""
                    INSERT INTO {COMPLETIONS} AS c
                        (officer_id, course_id, first_completed_on, last_completed_on, records)
                    SELECT officer_id, course_id, MIN(completed_on), MAX(completed_on), COUNT(*)
                    FROM new_values GROUP BY officer_id, course_id
                    ON CONFLICT (officer_id, course_id) DO UPDATE SET
                        first_completed_on = LEAST(c.first_completed_on,
                                                   EXCLUDED.first_completed_on),
                        last_completed_on = GREATEST(c.last_completed_on,
                                                     EXCLUDED.last_completed_on),
                        records = c.records + EXCLUDED.records;
                    RETURN NULL;
                """,  # noqa: S608 - table names from this module, never from input
            ),
            pgtrigger.Trigger(
                name="completions_update",
                level=pgtrigger.Statement,
                when=pgtrigger.After,
                operation=pgtrigger.Update,
                referencing=pgtrigger.Referencing(old="old_values", new="new_values"),
                func=_recount(
                    """
                    SELECT o.officer_id, o.course_id FROM old_values o
                        JOIN new_values n ON n.id = o.id
                        WHERE (o.officer_id, o.course_id, o.completed_on)
                            IS DISTINCT FROM (n.officer_id, n.course_id, n.completed_on)
                    UNION
                    SELECT n.officer_id, n.course_id FROM old_values o
                        JOIN new_values n ON n.id = o.id
                        WHERE (o.officer_id, o.course_id, o.completed_on)
                            IS DISTINCT FROM (n.officer_id, n.course_id, n.completed_on)
                    """
                ),
            ),
            pgtrigger.Trigger(
                name="completions_delete",
                level=pgtrigger.Statement,
                when=pgtrigger.After,
                operation=pgtrigger.Delete,
                referencing=pgtrigger.Referencing(old="old_values"),
                func=_recount("SELECT DISTINCT officer_id, course_id FROM old_values"),
            ),
            # And the training attention summary learns which officers changed (ADR 0019).
            *attention_triggers.officer_versions_counted(),
        ]

    def __str__(self) -> str:
        return f"{self.officer} · {self.course} · {date_format(self.completed_on)}"


class CourseCompletion(models.Model):
    """An officer's first and latest completion of one course, and how many records there
    are: what a training standing needs of an officer's records (programs/selectors/
    standings.py), one row per officer and course whatever the years of training.

    Derived, never written by the application: TrainingRecord's triggers keep it (ADR 0018).
    Not audited, since the records it is read from are."""

    # Their indexes are the unique constraint's and completion_course_officer's prefixes.
    officer = models.ForeignKey(
        Officer,
        on_delete=models.DO_NOTHING,
        related_name="+",
        verbose_name=_("officer"),
        db_index=False,
    )
    course = models.ForeignKey(
        Course,
        on_delete=models.DO_NOTHING,
        related_name="+",
        verbose_name=_("course"),
        db_index=False,
    )
    first_completed_on = models.DateField(_("first completed on"))
    last_completed_on = models.DateField(_("last completed on"))
    records = models.PositiveIntegerField(_("records"))

    class Meta:
        verbose_name = _("course completion")
        verbose_name_plural = _("course completions")
        # A program's standings read its requirements' courses for all its officers.
        indexes = [
            models.Index(
                fields=["course", "officer"],
                include=["first_completed_on", "last_completed_on"],
                name="completion_course_officer",
            )
        ]
        constraints = [
            models.UniqueConstraint(fields=["officer", "course"], name="course_completion_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.officer_id} · {self.course_id}: {self.records}"
