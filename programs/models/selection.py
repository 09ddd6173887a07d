"""Choosing SROs (COPS-5, NASRO 02.01.01-06, 04.01.03), probation (02.01.07, 04.01.05) and
officers' opt-outs (COPS-11)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from programs.models.officers import Assignment, Officer
from programs.models.program import Program
from programs.models.tenants import School
from sro_admin.audit import audited
from sro_admin.models import BaseModel


@audited()
class Posting(BaseModel):
    """An SRO position to fill, for one school or for the program."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        FILLED = "filled", _("Filled")
        CLOSED = "closed", _("Closed without filling")

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="postings", verbose_name=_("program")
    )
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="postings",
        verbose_name=_("school"),
    )
    title = models.CharField(_("title"), max_length=200)
    opened_on = models.DateField(_("opened on"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )

    class Meta:
        ordering = ["-opened_on", "pk"]
        verbose_name = _("posting")
        verbose_name_plural = _("postings")

    def __str__(self) -> str:
        return self.title


@audited()
class Selection(BaseModel):
    """One candidate for one posting: committee, interviews, ratings and the decision."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        SELECTED = "selected", _("Selected")
        NOT_SELECTED = "not_selected", _("Not selected")
        WITHDREW = "withdrew", _("Withdrew")

    posting = models.ForeignKey(
        Posting, on_delete=models.CASCADE, related_name="selections", verbose_name=_("posting")
    )
    officer = models.ForeignKey(
        Officer, on_delete=models.PROTECT, related_name="selections", verbose_name=_("candidate")
    )
    volunteered = models.BooleanField(_("candidate volunteered"), null=True, blank=True)
    school_administrator_took_part = models.BooleanField(
        _("school administration took part in the interviews"),
        default=False,
        help_text=_("NASRO 02.01.01 and 04.01.03; ORGS: principals take part in hiring."),
    )
    decision = models.CharField(
        _("decision"), max_length=16, choices=Decision.choices, default=Decision.PENDING
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # COPS-5: a candidate is selected after a committee, an interview and the ten ratings;
    # selecting without them is allowed only with a written reason, kept here.
    justification = models.TextField(
        _("justification"),
        blank=True,
        help_text=_(
            "Why the candidate is selected without a committee, an interview or all ten "
            "ratings (COPS-5)."
        ),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("selection")
        verbose_name_plural = _("selections")
        constraints = [
            models.UniqueConstraint(
                fields=["posting", "officer"], name="selection_one_per_candidate_and_posting"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.officer} · {self.posting}"


@audited()
class CommitteeMember(BaseModel):
    """A member of a selection committee, by the stakeholder category COPS-5 names."""

    class Category(models.TextChoices):
        SCHOOL_REPRESENTATIVE = "school_representative", _("School representative")
        AGENCY_SUPERVISOR = "agency_supervisor", _("Agency supervisor")
        TEACHER = "teacher", _("Teacher")
        COUNSELOR = "counselor", _("Counselor or school psychologist")
        STUDENT = "student", _("Student")
        FAMILY = "family", _("Family member")
        COMMUNITY = "community", _("Community member")
        YOUTH_DEVELOPMENT = "youth_development", _("Youth-development expert")
        OTHER = "other", _("Other")

    selection = models.ForeignKey(
        Selection, on_delete=models.CASCADE, related_name="committee", verbose_name=_("selection")
    )
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    will_work_with_sro = models.BooleanField(
        _("will work with the SRO"),
        default=False,
        help_text=_("COPS-5: the agency supervisor on the committee is one who will."),
    )

    class Meta:
        ordering = ["category", "name"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_category_display()})"


@audited()
class Interview(BaseModel):
    selection = models.ForeignKey(
        Selection, on_delete=models.CASCADE, related_name="interviews", verbose_name=_("selection")
    )
    held_on = models.DateField(_("held on"))
    participants = models.TextField(_("participants"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["held_on"]
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")

    def __str__(self) -> str:
        return f"{self.selection} · {date_format(self.held_on)}"


@audited()
class Rating(BaseModel):
    """A committee's rating of a candidate on one of COPS-5's ten hiring criteria."""

    class Criterion(models.TextChoices):
        WORKS_WITH_SCHOOL = (
            "works_with_school",
            _("Works well with students, parents, teachers and administrators"),
        )
        COMMUNICATION = "communication", _("Interpersonal communication")
        PUBLIC_SPEAKING = "public_speaking", _("Public speaking")
        TEACHING = "teaching", _("Teaching skill")
        DIVERSION = "diversion", _("Understands diversion and alternatives to arrest")
        TRAUMA_INFORMED = (
            "trauma_informed",
            _("Trauma-informed, developmentally appropriate practice"),
        )
        RESPECT = "respect", _("Respectful of all backgrounds and abilities")
        HARMS = "harms", _("Understands the possible harms of SRO programs")
        LOCAL_NEEDS = "local_needs", _("Knows local needs")
        ENRICH_LIVES = "enrich_lives", _("Wants to enrich young lives")

    selection = models.ForeignKey(
        Selection, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("selection")
    )
    criterion = models.CharField(_("criterion"), max_length=24, choices=Criterion.choices)
    score = models.PositiveSmallIntegerField(
        _("score"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 (poor) to 5 (excellent)."),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["criterion"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["selection", "criterion"], name="rating_one_per_criterion"
            ),
            models.CheckConstraint(
                name="rating_score_1_to_5", condition=models.Q(score__gte=1, score__lte=5)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.selection} · {self.get_criterion_display()}: {self.score}"


@audited()
class Probation(BaseModel):
    """The probationary period of an assignment (NASRO 02.01.07) and its outcome."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Under way")
        PASSED = "passed", _("Completed successfully")
        EXTENDED = "extended", _("Extended")
        ENDED = "ended", _("Assignment ended")

    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="probation", verbose_name=_("assignment")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING
    )
    outcome_on = models.DateField(_("outcome decided on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("probation")
        verbose_name_plural = _("probations")
        constraints = [
            models.CheckConstraint(
                name="probation_ends_after_start",
                condition=models.Q(ends_on__gte=models.F("starts_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} · {self.get_outcome_display()}"


@audited()
class ProbationReview(BaseModel):
    """A review during probation; the school administration takes part (NASRO 04.01.05)."""

    probation = models.ForeignKey(
        Probation, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("probation")
    )
    held_on = models.DateField(_("held on"))
    school_administrator_took_part = models.BooleanField(
        _("school administration took part"), default=False
    )
    participants = models.TextField(_("participants"), blank=True)
    findings = models.TextField(_("findings"))

    class Meta:
        ordering = ["held_on"]
        verbose_name = _("probation review")
        verbose_name_plural = _("probation reviews")

    def __str__(self) -> str:
        return f"{self.probation} · {date_format(self.held_on)}"


@audited()
class OptOut(BaseModel):
    """An officer's choice to leave SRO duty (COPS-11: officers may opt out)."""

    officer = models.ForeignKey(
        Officer, on_delete=models.CASCADE, related_name="opt_outs", verbose_name=_("officer")
    )
    recorded_on = models.DateField(_("recorded on"))
    effective_on = models.DateField(_("effective on"))
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-recorded_on"]
        verbose_name = _("opt-out")
        verbose_name_plural = _("opt-outs")

    def __str__(self) -> str:
        return f"{self.officer} · {date_format(self.effective_on)}"
