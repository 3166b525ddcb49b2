"""Terminal text on a terminal that is not UTF-8 (``LANG=C`` without Python's UTF-8 coercion, a
Latin-1 console, ``PYTHONIOENCODING=ascii``): the summary's degree signs, dashes and curly quotes
would raise UnicodeEncodeError after the outputs were written, a traceback and exit 1 in place of
the result. Characters the stream cannot encode are written as their closest ASCII instead.

Only standard output and standard error as text are affected: files (``--json``, ``--csv``, HTML)
and ``--json -`` are always written as UTF-8.
"""

from __future__ import annotations

import codecs
import sys
from typing import TextIO

ERROR_HANDLER = "formcheck-ascii"
# What formcheck prints beyond ASCII, and a readable stand-in for each.
ASCII_STAND_INS = {
    "–": "-",  # en dash: ranges (20–30 s)
    "—": "-",
    "−": "-",
    "°": " deg",
    "·": "|",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "…": "...",
    "≥": ">=",
    "≤": "<=",
    "±": "+/-",
    "×": "x",
    "→": "->",
}


def _stand_in(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    return "".join(ASCII_STAND_INS.get(char, "?") for char in text), error.end


codecs.register_error(ERROR_HANDLER, _stand_in)


def make_streams_tolerant(*streams: TextIO) -> None:
    """Give each stream (default: stdout and stderr) the stand-in handler when its encoding cannot
    write every character formcheck prints; a UTF-8 stream is left exactly as it is."""
    for stream in streams or (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding is None or reconfigure is None:
            continue  # a stand-in stream (a test runner's): leave it
        try:
            "".join(ASCII_STAND_INS).encode(encoding)
        except (UnicodeEncodeError, LookupError):
            reconfigure(errors=ERROR_HANDLER)
