"""Which titles and descriptions polars may call plain: left as written by every wiki rule.

A text of :data:`PLAIN_RANGES` alone (printable, no white space but single blanks) that no
rule of ``wiki_to_text`` can match (:data:`WIKI_MATCHES`) is kept as it is by ``plain_text``
and ``_title`` (:mod:`.jira_csv_cells`): the prepared rows (:mod:`._csv_prepared`) flag such
texts with one regex a column (:data:`NOT_PLAIN_TITLE`, :data:`NOT_PLAIN_TEXT`), and only the
others are read by the Python rules.
"""

from __future__ import annotations

#: Code points besides printable ASCII that a plain text may hold: each one printable and not
#: white space for ``str.isprintable``/``str.isspace`` (letters, punctuation, symbols, CJK,
#: emoji of long-assigned blocks; a test checks every one), so ``plain_text``/``_title`` keep a
#: text of them as it is. Any other character sends the text to the Python check.
PLAIN_RANGES = (
    (0x20, 0x7E),
    (0xA1, 0xAC),  # not U+00AD, the soft hyphen (a format character)
    (0xAE, 0x24F),
    (0x370, 0x377),
    (0x37A, 0x37F),
    (0x384, 0x38A),
    (0x38C, 0x38C),
    (0x38E, 0x3A1),
    (0x3A3, 0x4FF),
    (0x2010, 0x2027),  # not the line and paragraph separators nor the narrow no-break space
    (0x2030, 0x205E),
    (0x20A0, 0x20BF),
    (0x2100, 0x214F),
    (0x2190, 0x22FF),
    (0x2460, 0x27BF),
    (0x3001, 0x303F),  # not U+3000, the ideographic space
    (0x3041, 0x3096),
    (0x30A1, 0x30FA),
    (0x4E00, 0x9FEF),
    (0xAC00, 0xD7A3),
    (0x1F300, 0x1F64F),
    (0x1F680, 0x1F6C5),
    (0x1F900, 0x1F9FF),
)


_NOT_PLAIN = "[^" + "".join(f"\\x{{{lo:X}}}-\\x{{{hi:X}}}" for lo, hi in PLAIN_RANGES) + "]"


#: What a match of each of ``wiki_to_text``'s rules needs (connectors.mapping.common's
#: ``_WIKI_RULES``, in polars' regex syntax), in a text of ``PLAIN_RANGES`` alone (one line,
#: no white space but the blank): a text with none of them is left as it is by every rule.
#: The rules' look-arounds are left out (more texts match: they go to the Python rules).
WIKI_MATCHES = (
    r"\|",  # the table rule (every "|")
    r"\\\\",  # a line break
    r"<[^>]*>",  # an HTML tag (``_HTML_TAG``)
    r"^ *(?:h[1-6]\.|bq\.|[#*-])",  # the line rules: heading, quote, list, ruler
    r"\{\{.*\}\}",
    r"\{(?:code|noformat|quote|panel|color|anchor|section|column|expand)(?::[^}]*)?\}",
    r"\[~[^\]]+\]",  # a mention (and a mention by account id)
    r"\[(?:https?|mailto|file):[^\]]+\]",  # a bare link (a link with a text needs "|")
    r"![^! |]+!",  # an image (with options: needs "|")
    # emphasis: a pair around text, not inside a word (only ASCII letters and digits are
    # taken for word characters here: more texts match than the rule's \w would)
    r"(?:^|[^A-Za-z0-9_*])\*[^ ](?:.*[^ ])?\*(?:[^A-Za-z0-9_*]|$)",
    r"(?:^|[^A-Za-z0-9_])_[^ ](?:.*[^ ])?_(?:[^A-Za-z0-9_]|$)",
    r"(?:^|[^A-Za-z0-9_+])\+[^ ](?:.*[^ ])?\+(?:[^A-Za-z0-9_+]|$)",
    r"\?\?.*\?\?",
)


#: What makes a title not plain (a character, or two blanks in a row).
NOT_PLAIN_TITLE = _NOT_PLAIN + "|  "


#: What makes a description not plain (each wiki rule may change it, or a character).
NOT_PLAIN_TEXT = "|".join((_NOT_PLAIN, "  ", *WIKI_MATCHES))
