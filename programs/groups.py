"""Student groups, as STATISTICS.md defines them (CRDC categories, so exports line up).

Shared by enrollment (the denominators) and, later, interactions (the numerators).
Each group has a stable code stored in the database and a label for people.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Race(models.TextChoices):
    HISPANIC = "hispanic", _("Hispanic or Latino (of any race)")
    AMERICAN_INDIAN = "american_indian", _("American Indian or Alaska Native")
    ASIAN = "asian", _("Asian")
    PACIFIC_ISLANDER = "pacific_islander", _("Native Hawaiian or Other Pacific Islander")
    BLACK = "black", _("Black or African American")
    WHITE = "white", _("White")
    TWO_OR_MORE = "two_or_more", _("Two or more races")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    NONBINARY = "nonbinary", _("Nonbinary (CRDC “X”)")


class Disability(models.TextChoices):
    IDEA = "idea", _("Students with disabilities (IDEA)")
    SECTION_504 = "section_504", _("Section 504 only")
    NEITHER = "neither", _("Neither")


class EnglishLearner(models.TextChoices):
    YES = "yes", _("English learner")
    NO = "no", _("Not an English learner")


class Grade(models.TextChoices):
    PK = "pk", _("Pre-kindergarten")
    K = "k", _("Kindergarten")
    G01 = "01", _("Grade 1")
    G02 = "02", _("Grade 2")
    G03 = "03", _("Grade 3")
    G04 = "04", _("Grade 4")
    G05 = "05", _("Grade 5")
    G06 = "06", _("Grade 6")
    G07 = "07", _("Grade 7")
    G08 = "08", _("Grade 8")
    G09 = "09", _("Grade 9")
    G10 = "10", _("Grade 10")
    G11 = "11", _("Grade 11")
    G12 = "12", _("Grade 12")
    UNGRADED = "ug", _("Ungraded")


# CRDC's column codes for race and sex (e.g. SCH_ENR_HI_M).
CRDC_RACE = {
    "HI": Race.HISPANIC,
    "AM": Race.AMERICAN_INDIAN,
    "AS": Race.ASIAN,
    "HP": Race.PACIFIC_ISLANDER,
    "BL": Race.BLACK,
    "WH": Race.WHITE,
    "TR": Race.TWO_OR_MORE,
}
CRDC_SEX = {"F": Sex.FEMALE, "M": Sex.MALE, "X": Sex.NONBINARY}
