"""Minimal edits of INTEGRATIONS.md: add, replace, remove and mark rows of tables and bullet lists.

Edits work on the original text, never on a rendering of the parsed model: each touches only the
lines of the rows it adds, replaces, removes or marks; every other byte (a BOM, alignment rows,
escaped pipes, trailing spaces, HTML comments, prose) is written back as it was read.

- :mod:`.edits` what can be asked (AddRow, ReplaceRow, RemoveRow, MarkRow) and the result;
- :mod:`.buffer` the lines under edit, with a journal that undoes a failed edit whole;
- :mod:`.index` the parsed document's tables and rows, indexed once;
- :mod:`.tables` rows of pipe tables in their table's style;
- :mod:`.bullets` items of bullet-list groups in their group's style;
- :mod:`.sections` sections and groups the document does not have yet;
- :mod:`.apply` applying a list of edits.
"""

from integrations_drift.doc.edit.apply import apply_edits
from integrations_drift.doc.edit.buffer import BOM, decode, split_lines
from integrations_drift.doc.edit.edits import (
    AddRow,
    Edit,
    EditError,
    EditResult,
    MarkRow,
    RemoveRow,
    ReplaceRow,
)
from integrations_drift.doc.edit.tables import escape_cell

__all__ = [
    "BOM",
    "AddRow",
    "Edit",
    "EditError",
    "EditResult",
    "MarkRow",
    "RemoveRow",
    "ReplaceRow",
    "apply_edits",
    "decode",
    "escape_cell",
    "split_lines",
]
