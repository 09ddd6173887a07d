"""Show times in the district's time zone; they are stored in UTC."""

import zoneinfo

from django.utils import timezone

from programs.clock import user_time_zone

SESSION_KEY = "sro_time_zone"


class DistrictTimezoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tz_name = None
        if request.user.is_authenticated:
            tz_name = request.session.get(SESSION_KEY)
            if tz_name is None:
                # The user's first district by name; remembered for the session.
                tz_name = str(user_time_zone(request.user))
                request.session[SESSION_KEY] = tz_name
        if tz_name:
            timezone.activate(zoneinfo.ZoneInfo(tz_name))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
