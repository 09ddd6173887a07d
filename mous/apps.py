from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MousConfig(AppConfig):
    name = "mous"
    verbose_name = _("MOUs")

    def ready(self):
        # programs asks whether an SRO's placement is covered by an MOU (COPS-2) without
        # importing mous: this app answers (programs/coverage.py).
        from mous.selectors import covered_placements
        from programs import coverage

        coverage.register(covered_placements)
