"""Settings: base (safe defaults), dev, test and production; pick with DJANGO_SETTINGS_MODULE."""
