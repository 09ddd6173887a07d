"""The one upload workflow every CSV import uses (training records, CRDC enrollment, and the
imports to come).

- `reading`: the bounded read, decoding, line endings, the header; the rows on demand, in
  batches of Rows with their errors and warnings, or as plain values for the save
  (`read_csv` with a `Layout`).
- `columns`: typed parsers whose bounds come from the model fields (Integer, DecimalNumber,
  Text, IsoDate); values are refused, never rounded or cut.
- `result`: the Result of an import, counted batch by batch (`check_rows`): counts and the
  rows a preview lists, never every row; `save_all` (all rows in one transaction, or none).
- `pages`: the page flow, upload -> summarised preview -> confirm, with the file kept
  server-side under a token between the two (`upload_step`).

An import supplies only its columns (a Layout), its checks of a batch of rows and its save.
"""

from programs.uploads.columns import Column, DecimalNumber, Integer, IsoDate, Refused, Text
from programs.uploads.reading import Layout, Row, Upload, read_csv
from programs.uploads.result import Result, check_rows, save_all

__all__ = [
    "Column",
    "DecimalNumber",
    "Integer",
    "IsoDate",
    "Layout",
    "Refused",
    "Result",
    "Row",
    "Text",
    "Upload",
    "check_rows",
    "read_csv",
    "save_all",
]
