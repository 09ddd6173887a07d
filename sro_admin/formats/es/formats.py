# Spanish: "1 dic 2026" and "1 dic 2026, 15:05". See sro_admin/formats/__init__.py.
DATE_FORMAT = "j b Y"
SHORT_DATE_FORMAT = DATE_FORMAT
DATETIME_FORMAT = "j b Y, H:i"
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
