"""What the base layout needs on every page: the navigation each role may use."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programs.access import access_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    access = access_for(user)
    items = [{"label": _("Home"), "url": reverse("home"), "name": "home"}]
    if access.is_member:
        items.append({"label": _("Officers"), "url": reverse("officer-list"), "name": "officers"})
        items.append({"label": _("Training"), "url": reverse("training-grid"), "name": "training"})
        # The MOU pages belong to the mous app; only their address is known here.
        items.append({"label": _("MOUs"), "url": reverse("mou-list"), "name": "mous"})
    if access.takes_part_in_selection:
        items.append({"label": _("Postings"), "url": reverse("posting-list"), "name": "postings"})
    if access.may_request_reports:
        items.append({"label": _("Reports"), "url": reverse("report-list"), "name": "reports"})
    if user.is_staff:
        items.append(
            {"label": _("Site administration"), "url": reverse("admin:index"), "name": "admin"}
        )
    for item in items:
        item["active"] = (
            request.path == item["url"]
            if item["name"] == "home"
            else request.path.startswith(item["url"])
        )
    return {"nav_items": items}
