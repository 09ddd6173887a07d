# English: "Dec 1, 2026" and "Dec 1, 2026, 3:05 PM". See sro_admin/formats/__init__.py.
DATE_FORMAT = "M j, Y"
SHORT_DATE_FORMAT = DATE_FORMAT
DATETIME_FORMAT = "M j, Y, g:i A"
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
