"""The call log: upserts from call events, contacts and notes, search, missed badge, restarts."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from core.calls.events import CallSnapshot, Direction, Outcome
from core.history.calls import CallHistory, HistoryEntry

Snap = Callable[..., CallSnapshot]


def test_ringing_then_answered_updates_one_row(
    history: CallHistory, snap: Snap, ended: Callable[..., CallSnapshot]
) -> None:
    ringing = snap(remote_name="IVAN", did="74950000000", queue="sales")
    first = history.record_from_event("101", ringing)
    assert first.outcome is None and not first.missed and first.seen
    done = history.record_from_event("101", ended(ringing, "101", Outcome.ANSWERED, answered=True))
    assert done.outcome == "answered"
    assert (done.answered_at, done.ended_at) == (1_700_000_005.0, 1_700_000_065.0)
    assert (done.talk_seconds, done.wait_seconds) == (60.0, 5.0)
    assert (done.did, done.queue) == ("74950000000", "sales")
    assert len(history.search()) == 1


def test_each_extension_gets_its_own_outcome(history: CallHistory, snap: Snap) -> None:
    call = replace(
        snap(),
        ended_at=1_700_000_030.0,
        answered_at=1_700_000_010.0,
        outcome=Outcome.ANSWERED,
        per_extension=(("101", Outcome.ANSWERED), ("102", Outcome.ANSWERED_ELSEWHERE)),
    )
    assert history.record_from_event("101", call).outcome == "answered"
    other = history.record_from_event("102", call)
    assert other.outcome == "answered-elsewhere" and not other.missed
    assert history.count_unseen_missed("102") == 0
    # an explicit outcome wins over the snapshot's
    assert history.record_from_event("103", call, Outcome.MISSED).missed


def test_crm_contact_wins_over_caller_id_name(history: CallHistory, snap: Snap) -> None:
    history.record_from_event("101", snap(remote_name="CID NAME"))
    history.record_from_event("102", snap(remote_name="CID NAME"))
    assert (
        history.set_contact("1700000000.1", "Анна Смирнова", "crm-7", remote_e164="+79161234567")
        == 2
    )
    later = history.record_from_event("101", snap(remote_name="CID NAME", recording="rec.wav"))
    assert (later.remote_name, later.contact_id, later.remote_e164) == (
        "Анна Смирнова",
        "crm-7",
        "+79161234567",
    )
    assert later.recording == "rec.wav"
    assert [e.extension for e in history.search("анна")] == ["102", "101"] or {
        e.extension for e in history.search("анна")
    } == {"101", "102"}
    # the PBX's caller-id name still finds the call (the CRM's name is shown)
    assert {e.extension for e in history.search("CID")} == {"101", "102"}


def test_note_survives_later_events(
    history: CallHistory, snap: Snap, ended: Callable[..., CallSnapshot]
) -> None:
    history.record_from_event("101", snap())
    assert history.add_note("1700000000.1", "101", "Перезвонить в понедельник", "callback")
    assert not history.add_note("nope", "101", "x", None)
    entry = history.record_from_event("101", ended(snap(), "101", Outcome.ANSWERED, answered=True))
    assert (entry.note, entry.disposition) == ("Перезвонить в понедельник", "callback")
    assert [e.call_id for e in history.search("понедельник")] == ["1700000000.1"]
    assert [e.call_id for e in history.search("callback")] == ["1700000000.1"]


def _fill(history: CallHistory, ended: Callable[..., CallSnapshot]) -> None:
    rows = [
        (
            "a",
            "101",
            Direction.INBOUND,
            "+7 (916) 123-45-67",
            "Иван Петров",
            Outcome.ANSWERED,
            10.0,
        ),
        ("b", "101", Direction.INBOUND, "84951112233", "Пётр Сидоров", Outcome.MISSED, 20.0),
        ("c", "101", Direction.OUTBOUND, "+74951112233", None, Outcome.BUSY, 30.0),
        ("d", "102", Direction.INBOUND, "+380441234567", "John O'Brien", Outcome.MISSED, 40.0),
        ("e", "101", Direction.INTERNAL, "102", "Reception", Outcome.ANSWERED, 50.0),
    ]
    for call_id, ext, direction, number, name, outcome, start in rows:
        snapshot = CallSnapshot(
            call_id=call_id,
            direction=direction,
            remote_number=number,
            remote_name=name,
            started_at=start,
        )
        history.record_from_event(
            ext, ended(snapshot, ext, outcome, answered=outcome == Outcome.ANSWERED)
        )


def ids(entries: list[HistoryEntry]) -> list[str]:
    return [e.call_id for e in entries]


def test_search_by_number_in_any_shape(
    history: CallHistory, ended: Callable[..., CallSnapshot]
) -> None:
    _fill(history, ended)
    assert ids(history.search("89161234567")) == ["a"]
    assert ids(history.search("+7 916 123 45 67")) == ["a"]
    assert ids(history.search("4567")) == ["d", "a"]  # tail match, newest first
    assert ids(history.search("(495) 111-22-33")) == ["c", "b"]
    assert ids(history.search("1122")) == []  # a tail, not a substring
    assert ids(history.search("102")) == ["e"]
    assert ids(history.search("00380441234567")) == ["d"]


def test_search_by_name_and_filters(
    history: CallHistory, ended: Callable[..., CallSnapshot]
) -> None:
    _fill(history, ended)
    assert ids(history.search("петр")) == ["b", "a"]  # "Пётр" and "Петров" (ё folded, prefixes)
    assert ids(history.search("ИВАН петр")) == ["a"]  # every word must match
    assert ids(history.search("o'brien")) == ["d"]
    assert ids(history.search('"; DROP TABLE calls; --')) == []  # no FTS/SQL syntax from input
    assert ids(history.search("петр", extension="101", direction=Direction.INBOUND)) == ["b", "a"]
    assert ids(history.search(missed_only=True)) == ["d", "b"]
    assert ids(history.search(missed_only=True, extension="101")) == ["b"]
    assert ids(history.search(direction="outbound")) == ["c"]
    assert ids(history.search(outcome=Outcome.BUSY)) == ["c"]
    assert ids(history.search(since=20.0, until=40.0)) == ["c", "b"]
    assert ids(history.search(limit=2)) == ["e", "d"]
    assert ids(history.search(limit=2, offset=2)) == ["c", "b"]
    assert ids(history.search("Сидоров 2233")) == ["b"]  # a name word and a number tail


def test_outbound_busy_and_own_internal_calls_are_not_missed(
    history: CallHistory, ended: Callable[..., CallSnapshot]
) -> None:
    _fill(history, ended)
    assert not history.get("c", "101").missed  # type: ignore[union-attr]
    own = CallSnapshot(
        call_id="f",
        direction=Direction.INTERNAL,
        remote_number="103",
        remote_name=None,
        from_extension="101",
        started_at=60.0,
    )
    assert not history.record_from_event(
        "101", ended(own, "101", Outcome.MISSED, answered=False)
    ).missed


def test_unseen_missed_badge(history: CallHistory, ended: Callable[..., CallSnapshot]) -> None:
    _fill(history, ended)
    assert history.count_unseen_missed("101") == 1
    assert history.count_unseen_missed("102") == 1
    assert history.mark_missed_seen("101") == 1
    assert history.count_unseen_missed("101") == 0
    assert history.count_unseen_missed("102") == 1
    # a later event for a seen missed call does not raise the badge again
    snapshot = CallSnapshot(
        call_id="b",
        direction=Direction.INBOUND,
        remote_number="84951112233",
        remote_name=None,
        started_at=20.0,
        recording="b.wav",
    )
    assert history.record_from_event(
        "101", ended(snapshot, "101", Outcome.MISSED, answered=False)
    ).seen
    assert history.count_unseen_missed("101") == 0


def test_number_search_uses_the_index(
    history: CallHistory, ended: Callable[..., CallSnapshot]
) -> None:
    """The proof behind the 1M-row benchmark: a range on the reversed-digits index, no scan."""
    _fill(history, ended)
    conn = history._db._conn
    sql_seen: list[str] = []
    conn.set_trace_callback(sql_seen.append)
    history.search("4567", extension="101")
    history.search("петр", extension="101")
    conn.set_trace_callback(None)
    plans = [
        " ".join(
            str(r[3])
            for r in conn.execute("EXPLAIN QUERY PLAN " + s.split(" LIMIT")[0].replace("?", "'1'"))
        )
        for s in sql_seen
        if s.startswith("SELECT")
    ]
    assert "USING INDEX calls_number (number_rev>? AND number_rev<?)" in plans[0]
    assert "SCAN calls " not in plans[0] + " "
    assert "VIRTUAL TABLE INDEX" in plans[1] and "SCAN calls " not in plans[1] + " "


def test_history_survives_reopen(
    history_path: Path, snap: Snap, ended: Callable[..., CallSnapshot]
) -> None:
    first = CallHistory(history_path)
    first.record_from_event(
        "101", ended(snap(remote_name="Ольга"), "101", Outcome.MISSED, answered=False)
    )
    first.close()
    again = CallHistory(history_path)
    assert ids(again.search("ольга")) == ["1700000000.1"]
    assert again.count_unseen_missed("101") == 1
    again.close()


def test_history_survives_a_killed_process(tmp_path: Path) -> None:
    """Every write is committed: a process killed right after recording loses nothing."""
    path = tmp_path / "h.db"
    script = textwrap.dedent(f"""
        import os, signal
        from core.calls.events import CallSnapshot, Direction
        from core.history.calls import CallHistory
        h = CallHistory({str(path)!r})
        for i in range(5):
            h.record_from_event("101", CallSnapshot(call_id=f"k{{i}}", direction=Direction.INBOUND,
                                remote_number="+79990000000", remote_name="Kill Test", started_at=i))
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    proc = subprocess.run([sys.executable, "-c", script], timeout=60, capture_output=True)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    history = CallHistory(path)
    assert sorted(ids(history.search("kill"))) == [f"k{i}" for i in range(5)]
    history.close()


def test_import_entries_keeps_existing_rows(history: CallHistory, snap: Snap) -> None:
    history.record_from_event("101", snap(remote_name="Live"))
    entry = history.get("1700000000.1", "101")
    assert entry is not None
    imported = [
        replace(entry, remote_name="Imported"),
        replace(entry, call_id="x", remote_name="Old Call"),
    ]
    assert history.import_entries(imported) == 1
    assert history.get("1700000000.1", "101").remote_name == "Live"  # type: ignore[union-attr]
    assert ids(history.search("old call")) == ["x"]
    assert history.delete_older_than(1_800_000_000.0) == 2
    assert history.search() == [] and history.search("old") == []


async def test_concurrent_writes_and_reads_from_threads_are_safe(
    history_path: Path, snap: Snap
) -> None:
    """The service calls the store through ``asyncio.to_thread``: many threads at once."""
    import asyncio

    store = await asyncio.to_thread(CallHistory, history_path)
    writes = [
        asyncio.to_thread(
            store.record_from_event,
            str(100 + i % 5),
            snap(call_id=f"c{i}", remote_number=f"+7900000{i:04d}"),
        )
        for i in range(60)
    ]
    reads = [asyncio.to_thread(store.search, "+7900000", limit=500) for _ in range(20)]
    await asyncio.gather(*writes, *reads)
    assert len(await asyncio.to_thread(store.search, limit=500)) == 60
    assert len(await asyncio.to_thread(store.search, "0042")) == 1
    await asyncio.to_thread(store.close)
