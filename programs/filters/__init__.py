"""List filters (django-filter), in one module per noun like the forms, and the machinery
every list shares (base.py). This package only re-exports the names other code has long
imported from it."""

from programs.filters.base import ComputedChoiceFilter, SortFilter, chosen, date_filter
from programs.filters.officers import OfficerFilter

__all__ = ["ComputedChoiceFilter", "OfficerFilter", "SortFilter", "chosen", "date_filter"]
