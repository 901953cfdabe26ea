"""Developer tool: turn the captured AMI transcripts into compact scenario templates.

Run ``python -m core.sim.generate [TRANSCRIPTS_DIR]`` after the transcripts
change; it rewrites ``core/sim/scenarios/*.json`` (committed, so the product
never needs ../shared at run time). Each template keeps the events Asterisk
sent, in order, with their header order and relative times; per-call values
are replaced by placeholders (``⟦u0⟧`` uniqueids, ``⟦c0⟧`` channel sequence
numbers, ``⟦b0⟧`` bridge ids, ``⟦caller⟧``, ``⟦caller_name⟧``, ``⟦did⟧``,
``⟦ext⟧``, ``⟦ext2⟧``, ``⟦action_id⟧``) that :mod:`core.sim.scenarios` fills
with fresh values on every run. RTCP reports and login-time events are dropped.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

SOURCES: dict[str, tuple[str, dict[str, str]]] = {
    "inbound-answered": ("03-inbound-call-answered-by-101", {"ext": "101"}),
    "inbound-missed": ("04-inbound-call-missed", {"ext": "101"}),
    "inbound-busy": ("05-inbound-busy-or-rejected", {"ext": "101"}),
    "queue-answered": ("06-queue-call-answered", {"ext": "101", "ext2": "102"}),
    "blind-transfer": ("07-blind-transfer", {"ext": "101", "ext2": "102"}),
    "click-to-call": ("12-click-to-call-outbound", {"ext": "101"}),
    # FreePBX-shaped flows (../shared/ami-transcripts-freepbx): deep Local channel trees,
    # pickup and parking across two Linkedids, voicemail answering, a route prefix
    "fpbx-queue-local-members": (
        "F1-queue-local-members-102-answers",
        {"ext": "101", "ext2": "102"},
    ),
    "fpbx-ringgroup": ("F3-ringgroup-local-channels-101-answers", {"ext": "101", "ext2": "102"}),
    "fpbx-pickup": ("F4-pickup-102-picks-up-ringing-101", {"ext": "101", "ext2": "102"}),
    "fpbx-park": ("F5-park-by-101-retrieved-by-102", {"ext": "101", "ext2": "102"}),
    "fpbx-voicemail": ("F7-noanswer-voicemail-message-left", {"ext": "101"}),
    "fpbx-dial-out": ("F9-operator-dials-out-from-phone", {"ext": "101"}),
}
FREEPBX_DIR = "ami-transcripts-freepbx"  # beside ami-transcripts, for the fpbx-* sources
DROP_EVENTS = frozenset({"FullyBooted", "SuccessfulAuth", "RTCPSent", "RTCPReceived"})
CALLER, CALLER_NAME = "0501234567", "Customer"
DIDS = ("0443334000", "0443334100", *(f"044333500{n}" for n in (1, 3, 4, 5, 7)))

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_UID = re.compile(r"(?<![\d.])\d{10}\.\d{1,6}(?!\d)(?!\.\d)|c2c-\d{4}-\d{4}")
_CHAN = re.compile(r"((?:PJSIP|Local|SIP|IAX2|DAHDI)/[^\s,;()]+?)-([0-9a-f]{8})(?![0-9a-f])")


class _Namer:
    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.seen: dict[str, str] = {}

    def __call__(self, value: str) -> str:
        if value not in self.seen:
            self.seen[value] = f"⟦{self.prefix}{len(self.seen)}⟧"
        return self.seen[value]


def _templatize(value: str, names: dict[str, _Namer], exts: dict[str, str]) -> str:
    value = _UUID.sub(lambda m: names["b"](m.group(0)), value)
    value = _UID.sub(lambda m: names["u"](m.group(0)), value)
    value = _CHAN.sub(lambda m: f"{m.group(1)}-{names['c'](m.group(2))}", value)
    value = value.replace(CALLER, "⟦caller⟧")
    value = re.sub(rf"\b{CALLER_NAME}\b", "⟦caller_name⟧", value)
    for did in DIDS:
        value = value.replace(did, "⟦did⟧")
    for placeholder, ext in exts.items():
        value = re.sub(rf"(?<![\w.⟦]){ext}(?![\w.])", f"⟦{placeholder}⟧", value)
    return value


def source_dir(transcripts: Path, name: str) -> Path:
    """The folder holding ``name``'s capture: the public set, or the FreePBX set beside it."""
    return transcripts.parent / FREEPBX_DIR if name.startswith("fpbx-") else transcripts


def _did(stem: str, name: str) -> str:
    if name.startswith("fpbx-"):
        return {"F1": DIDS[2], "F3": DIDS[3], "F4": DIDS[4], "F5": DIDS[5], "F7": DIDS[6]}.get(
            stem[:2], DIDS[0]
        )
    return DIDS[1 if "queue" in name else 0]


def build(transcripts: Path, name: str) -> dict[str, Any]:
    stem, exts = SOURCES[name]
    transcripts = source_dir(transcripts, name)
    names = {p: _Namer(p) for p in "ubc"}
    events: list[list[Any]] = []
    t0: float | None = None
    for line in (transcripts / f"{stem}.timeline.jsonl").read_text("utf-8").splitlines():
        entry = json.loads(line)
        msg = entry.get("msg")
        if entry.get("dir") != "in" or not msg or msg.get("Event") in DROP_EVENTS:
            continue
        if "Event" not in msg:
            continue
        t0 = entry["t"] if t0 is None else t0
        out: dict[str, str] = {}
        for key, value in msg.items():
            out[key] = "⟦action_id⟧" if key == "ActionID" else _templatize(value, names, exts)
        events.append([round(entry["t"] - t0, 4), out])
    return {
        "name": name,
        "source": stem,
        "defaults": {
            "caller": CALLER,
            "caller_name": CALLER_NAME,
            "did": _did(stem, name),
            **exts,
        },
        "events": events,
    }


def main(argv: list[str]) -> int:
    here = Path(__file__).resolve()
    transcripts = Path(argv[0]) if argv else here.parents[2] / ".." / "shared" / "ami-transcripts"
    out_dir = here.parent / "scenarios"
    out_dir.mkdir(exist_ok=True)
    for name in SOURCES:
        data = build(transcripts, name)
        (out_dir / f"{name}.json").write_text(
            json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
