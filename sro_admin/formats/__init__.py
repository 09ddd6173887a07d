"""One way to write a date in each language (FORMAT_MODULE_PATH in settings/base.py).

Pages, PDFs, emails and messages format dates with the default (`{{ value|date }}`,
`date_format(value)`), and times with DATETIME_FORMAT, so a date reads the same everywhere:
"Dec 1, 2026" in English, "1 dic 2026" in Spanish. ISO dates stay where machines read them:
CSV files and the values of <input type="date">. Django's own formats fill in the rest.
"""
