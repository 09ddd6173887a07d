"""Programs' pages, by subject. Thin: parse, call a selector or service, render."""
