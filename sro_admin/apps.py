from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SroAdminConfig(AppConfig):
    name = "sro_admin"
    verbose_name = _("Accounts and configuration")
