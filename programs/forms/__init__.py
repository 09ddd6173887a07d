"""Forms of programs, in one module per noun (tenants, heads, program, officers, training,
enrollment, selection, community) and the shared fields (fields.py). This package only
re-exports the names other code has long imported from it."""

from programs.forms.fields import DateInput
from programs.forms.officers import AssignmentForm, OfficerForm
from programs.forms.tenants import AgencyForm, DistrictForm, SchoolForm
from programs.forms.training import TrainingImportForm, TrainingRecordForm

__all__ = [
    "AgencyForm",
    "AssignmentForm",
    "DateInput",
    "DistrictForm",
    "OfficerForm",
    "SchoolForm",
    "TrainingImportForm",
    "TrainingRecordForm",
]
