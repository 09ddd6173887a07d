from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MousConfig(AppConfig):
    name = "mous"
    verbose_name = _("MOUs")

    def ready(self):
        # programs asks whether an SRO's placement is covered by an MOU (COPS-2) without
        # importing mous: this app answers (programs/coverage.py).
        from mous import needs
        from mous.selectors import covered_placements
        from programs import coverage
        from programs.needs import provides

        coverage.register(covered_placements)
        # The home page's "what needs me" (programs/needs.py): MOUs to sign, reviews due.
        provides(needs.mous_to_sign)
        provides(needs.mou_reviews_due)
