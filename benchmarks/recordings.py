"""Recordings benchmarks: time to first audio, MP3 encode speed, search latency over 1M CDR rows.

Run: ``.venv/bin/python benchmarks/recordings.py`` (``--rows N`` to change the index size).
Everything runs on 127.0.0.1 in a temporary directory and prints its figures:

* time to the first 64 KiB of a 60-minute WAV through the signed-link (Range) endpoint,
  and QMediaPlayer's time from ``play()`` to a moving position (offscreen);
* lameenc MP3 encode speed in x realtime on one core (8 kHz mono speech);
* search latency (index and HTTP endpoint) over 1M CDR legs. Targets: first audio
  <= 300 ms, search < 100 ms.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import struct
import sys
import tempfile
import time
import wave
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.recordings.mp3 import wav_to_mp3
from core.recordings.types import SearchQuery
from core.signing.links import sign_link
from gateway.recordings.cdr import IndexRow
from gateway.recordings.index import RecordingIndex
from tests.fakes.recordings import (
    LINK_KEY,
    TOKEN,
    LiveServer,
    app_for,
    settings_for,
)

RATE = 8000
T0 = 1_780_000_000


def write_long_wav(path: Path, seconds: int) -> Path:
    """A long 8 kHz mono WAV: one second of a 440 Hz tone repeated (fast to make)."""
    second = b"".join(
        struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / RATE))) for i in range(RATE)
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        for _ in range(seconds):
            out.writeframesraw(second)
    return path


def ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"median {statistics.median(values) * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms  max {max(values) * 1000:7.1f} ms"


def bench_first_byte(base: str, name: str, runs: int = 30) -> list[float]:
    exp = int(time.time()) + 3600
    url = f"{base}/recordings/file/{name}?exp={exp}&sig={sign_link(name, exp, LINK_KEY)}"
    times: list[float] = []
    for i in range(runs):
        start = time.perf_counter()
        with httpx.Client() as client:  # a fresh connection each time, like a player opening a link
            headers = {"Range": f"bytes={i * 65536}-{i * 65536 + 65535}"} if i % 2 else {}
            with client.stream("GET", url, headers=headers) as response:
                got = 0
                for chunk in response.iter_bytes(65536):
                    got += len(chunk)
                    if got >= 65536:
                        break
        times.append(time.perf_counter() - start)
    return times


def bench_player_subprocess(url: str) -> list[float] | str:
    """Run ``bench_player`` in a child process so a stuck media backend cannot hang the run."""
    import json
    import subprocess

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--player-url", url],
            capture_output=True, text=True, timeout=90, env=env, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return "QMediaPlayer did not finish within 90 s"
    lines = [line for line in done.stdout.splitlines() if line.startswith("PLAYER ")]
    if not lines:
        return f"QMediaPlayer run failed (exit {done.returncode})"
    result = json.loads(lines[-1][7:])
    return result if isinstance(result, list) else str(result)


def bench_player(url: str, runs: int = 3) -> list[float] | str:
    """QMediaPlayer: play() -> position > 0, offscreen."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from PySide6.QtCore import QEventLoop, QTimer, QUrl
        from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
        from PySide6.QtWidgets import QApplication
    except ImportError as exc:
        return f"Qt unavailable: {exc}"
    app = QApplication.instance() or QApplication([])
    times: list[float] = []
    for _ in range(runs):
        player, audio = QMediaPlayer(), QAudioOutput()
        player.setAudioOutput(audio)
        loop = QEventLoop()
        player.positionChanged.connect(lambda pos, lp=loop: pos > 0 and lp.quit())
        QTimer.singleShot(10_000, loop.quit)
        start = time.perf_counter()
        player.setSource(QUrl(url))
        player.play()
        loop.exec()
        elapsed = time.perf_counter() - start
        if player.position() <= 0:
            return "QMediaPlayer did not start within 10 s"
        times.append(elapsed)
        player.stop()
        player.deleteLater()
        app.processEvents()
    return times


def bench_encode(folder: Path, seconds: int = 600) -> float:
    wav = write_long_wav(folder / "encode.wav", seconds)
    start = time.process_time()
    wav_to_mp3(wav, folder / "encode.mp3")
    return seconds / (time.process_time() - start)


def synthetic_rows(count: int) -> list[IndexRow]:
    rng = random.Random(7)
    operators = [str(100 + i) for i in range(60)]
    outcomes = (("ANSWERED", "answered"),) * 6 + (
        ("NO ANSWER", "missed"),
        ("BUSY", "busy"),
        ("FAILED", "failed"),
    )
    rows = []
    for i in range(count):
        direction = rng.choice(("inbound", "inbound", "outbound", "internal"))
        disposition, outcome = rng.choice(outcomes)
        billsec = rng.randint(1, 900) if outcome == "answered" else 0
        number = f"0{rng.randint(500000000, 999999999)}"
        uid = f"{T0 + i * 30}.{i}"
        rows.append(IndexRow(f"bench:{i}", uid, uid, T0 + i * 30, number, "0443334000", "",
                             rng.choice(operators), number, direction, disposition, outcome,
                             billsec + rng.randint(0, 20), billsec, f"{uid}.wav"))  # fmt: skip
    return rows


def queries_for(rows: list[IndexRow]) -> dict[str, SearchQuery]:
    """Typical supervisor searches, dated relative to the synthetic data's span."""
    end = rows[-1].started_at
    week, month = 7 * 86400, 30 * 86400
    return {
        "newest page (no filter)": SearchQuery(),
        "operator": SearchQuery(operator="117"),
        "number suffix (7 digits)": SearchQuery(number=rows[len(rows) // 2].number[-7:]),
        "outcome busy + last week": SearchQuery(
            outcome="busy", date_from=end - week, date_to=end + 1
        ),
        "answered, talk >= 10 min": SearchQuery(outcome="answered", min_duration=600),
        "operator + inbound + a month": SearchQuery(
            operator="142", direction="inbound", date_from=end - 3 * month, date_to=end - 2 * month
        ),
        "page 50 of an operator": SearchQuery(operator="101", page=50),
        "missed, talk <= 0, one day": SearchQuery(
            outcome="missed", date_from=end - 86400, date_to=end + 1
        ),
        "no match": SearchQuery(operator="999"),
        "number, 1 digit (worst case)": SearchQuery(number="7"),
        "number, 3 digits": SearchQuery(number="567"),
        "talk >= 890 s only (rare)": SearchQuery(min_duration=890),
        "failed + operator + talk >= 1 (none)": SearchQuery(
            outcome="failed", operator="120", min_duration=1
        ),
    }


def bench_search(
    index: RecordingIndex, base: str, queries: dict[str, SearchQuery], runs: int = 15
) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(base_url=base, headers=headers) as client:
        for label, query in queries.items():
            direct, http = [], []
            for _ in range(runs):
                start = time.perf_counter()
                page = index.search(query)
                direct.append(time.perf_counter() - start)
                start = time.perf_counter()
                response = client.get("/recordings/search", params=query.to_params())
                http.append(time.perf_counter() - start)
                assert response.status_code == 200
            print(
                f"  {label:34s} rows {page.total:>6}{'' if page.total_exact else '+'}  index {ms(direct)}"
            )
            print(f"  {'':34s}              http  {ms(http)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--minutes", type=int, default=60)
    parser.add_argument("--player-url", help=argparse.SUPPRESS)
    parser.add_argument("--quick", action="store_true", help="small sizes, seconds (CI)")
    args = parser.parse_args()
    if args.quick:
        args.rows, args.minutes = 5_000, 1
    if args.player_url:  # child process of bench_player_subprocess
        import json

        print("PLAYER " + json.dumps(bench_player(args.player_url)), flush=True)
        return 0
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        settings = settings_for(folder)
        name = f"{args.minutes}min.wav"
        wav = write_long_wav(folder / "monitor" / name, args.minutes * 60)
        print(f"recordings benchmark (python {sys.version.split()[0]}, {os.cpu_count()} cores)")
        print(f"building index with {args.rows:,} CDR legs ...", flush=True)
        index = RecordingIndex(settings.index_file)
        start = time.perf_counter()
        rows = synthetic_rows(args.rows)
        for chunk in range(0, len(rows), 100_000):
            index.add_rows(rows[chunk : chunk + 100_000])
        index.optimize()  # as Indexer.sync does after a big load
        print(f"  indexed in {time.perf_counter() - start:.1f} s")
        server = LiveServer(app_for(settings)).start()
        try:
            size = wav.stat().st_size / 1e6
            print(
                f"time to first 64 KiB of a {args.minutes}-minute WAV ({size:.1f} MB), target <= 300 ms:"
            )
            print(f"  {ms(bench_first_byte(server.url, name))}")
            exp = int(time.time()) + 3600
            url = f"{server.url}/recordings/file/{name}?exp={exp}&sig={sign_link(name, exp, LINK_KEY)}"
            player = bench_player_subprocess(url)
            print("QMediaPlayer play() -> first position update (offscreen):")
            print(f"  {ms(player) if isinstance(player, list) else player}")
            print(f"search latency over {args.rows:,} legs, target < 100 ms:")
            bench_search(index, server.url, queries_for(rows))
        finally:
            server.stop()
        speed = bench_encode(folder)
        print(f"MP3 encode (lameenc, 8 kHz mono 16 kbit/s, one core): {speed:.0f}x realtime")
        print(f"  -> a {args.minutes}-minute call encodes in {args.minutes * 60 / speed:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
