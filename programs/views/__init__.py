"""Programs' pages, one module per noun. Thin: parse, call a selector or service, render."""
