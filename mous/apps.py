from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MousConfig(AppConfig):
    name = "mous"
    verbose_name = _("MOUs")
