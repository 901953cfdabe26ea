"""Fill a catalogue's unfinished entries from a translation memory (``make translations``).

``python packaging/fill_translations.py CATALOGUE.ts MEMORY.json``: every message
of the ``.ts`` that lupdate left ``unfinished`` and that ``MEMORY.json``
(``{context: {source: translation}}``) translates is filled in; nothing else is
touched. Used for Ukrainian strings translated ahead of the code that brings
them (a branch merged later): once lupdate finds the source, the translation is
there. Run lupdate afterwards to restore its own formatting.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def fill(catalogue: Path, memory: dict[str, dict[str, str]]) -> int:
    """Fill ``catalogue`` in place; returns how many messages were filled."""
    tree = ET.parse(catalogue)
    filled = 0
    for context in tree.getroot().iter("context"):
        known = memory.get(context.findtext("name") or "", {})
        for message in context.iter("message"):
            translation = message.find("translation")
            text = known.get(message.findtext("source") or "")
            if translation is None or translation.get("type") != "unfinished" or text is None:
                continue
            if message.get("numerus") == "yes":
                continue  # plural forms are translated in the catalogue itself
            translation.text = text
            del translation.attrib["type"]
            filled += 1
    if filled:
        tree.write(catalogue, encoding="utf-8", xml_declaration=True)
    return filled


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    catalogue, memory = Path(argv[0]), Path(argv[1])
    count = fill(catalogue, json.loads(memory.read_text(encoding="utf-8")))
    print(f"{catalogue.name}: {count} message(s) filled from {memory.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
