"""Regressions found using the headless CLI as an admin and an operator would.

Each test pins one fix: no tracebacks on bad targets, clear words, right exit
codes, valid manager.conf advice, clean exits on Ctrl-C and closed pipes.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from cli.commands._common import run_command
from cli.commands.doctor import render
from cli.commands.monitor import Monitor, event_record
from cli.display import missing_display_message
from cli.main import main
from core.ami.doctor import (
    CheckResult,
    CheckStatus,
    DoctorReport,
    manager_conf_stanza,
    run_doctor,
)
from core.ami.errors import HostUnreachable
from core.sim.server import PBXSimulator
from tests.fakes.cli import conn_args, ringside

ROOT = Path(__file__).resolve().parents[2]
# manager.conf classes (Asterisk's manager.conf.sample) and the per-user keys we may print
READ_CLASSES = {"system", "call", "log", "verbose", "agent", "user", "config", "dtmf",
                "reporting", "cdr", "dialplan", "cc", "aoc", "security", "agi", "all"}  # fmt: skip
WRITE_CLASSES = {"system", "call", "agent", "user", "config", "command", "reporting",
                 "originate", "message", "agi", "aoc", "all"}  # fmt: skip
USER_KEYS = {"secret", "deny", "permit", "acl", "read", "write", "eventfilter"}


@pytest.fixture
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
async def web_server() -> AsyncIterator[int]:
    """Something that is not AMI on the port: answers like a web server, then closes."""

    async def http(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readline()
        writer.write(b"HTTP/1.0 400 Bad request\r\nContent-Type: text/html\r\n\r\n<html/>")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(http, "127.0.0.1", 0)
    yield server.sockets[0].getsockname()[1]
    server.close()


# ---------------------------------------------------------------- doctor advice


def _setting_lines(stanza: str) -> list[tuple[str, str]]:
    """(key, value) of each non-comment line, with inline ``; comments`` removed."""
    out = []
    for line in stanza.splitlines()[1:]:
        body = line.split(";", 1)[0].strip()
        if body:
            key, sep, value = body.partition("=")
            assert sep, line
            out.append((key.strip(), value.strip()))
    return out


def test_stanza_is_valid_manager_conf() -> None:
    stanza = manager_conf_stanza("ringside", "10.0.0.5/255.255.255.255")
    assert stanza.splitlines()[0] == "[ringside]"
    settings = _setting_lines(stanza)
    assert {k for k, _ in settings} <= USER_KEYS
    assert "+=" not in "\n".join(f"{k}={v}" for k, v in settings)  # not manager.conf syntax
    for key, value in settings:
        if key in ("read", "write"):
            allowed = READ_CLASSES if key == "read" else WRITE_CLASSES
            assert set(value.split(",")) <= allowed, value
    # the commented alternatives use real class names too
    for alt in re.findall(r";\s+(read|write) = ([a-z,]+)", stanza):
        assert set(alt[1].split(",")) <= (READ_CLASSES if alt[0] == "read" else WRITE_CLASSES)
    assert ("permit", "10.0.0.5/255.255.255.255") in settings


def test_event_filter_lets_through_every_event_the_tracker_uses() -> None:
    tracker = pytest.importorskip("core.calls.tracker")
    regexes = [
        re.compile(v) for k, v in _setting_lines(manager_conf_stanza()) if k == "eventfilter"
    ]
    names = [n for n in tracker.CallTracker()._dispatch if not n.startswith("CoreShowChannel")]
    assert "NewCallerid" in names
    for name in names:
        payload = f"Event: {name}\r\nPrivilege: call,all\r\nVariable: X\r\n"
        if name == "VarSet":
            payload = payload.replace("Variable: X", "Variable: MIXMONITOR_FILENAME")
        if name == "Newexten":
            payload += "Application: VoiceMail\r\n"
        assert any(r.search(payload) for r in regexes), name
    assert not any(r.search("Event: RTCPSent\r\nPrivilege: reporting,all\r\n") for r in regexes)


async def test_doctor_wrong_secret_explains_freepbx_and_acl(
    sim: PBXSimulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RINGSIDE_AMI_SECRET", "wrong-9f8e7d")
    assert await ringside("doctor", *conn_args(sim)) == 1
    out = " ".join(capsys.readouterr().out.split())  # undo the wrapping
    assert "FreePBX web/admin login does not work" in out
    assert "permit=" in out and "127.0.0.1" in out and "manager reload" in out
    assert "/etc/asterisk/manager_custom.conf" in out
    assert "wrong-9f8e7d" not in out
    assert "Result: FAILED" in out


async def test_doctor_names_a_web_server_on_the_port(web_server: int) -> None:
    report = await run_doctor("127.0.0.1", web_server, "u", "s", event_wait=0, login_timeout=2)
    row = report.checks[-1]
    assert (row.name, row.status.value) == ("AMI protocol", "FAIL")
    assert "is not AMI (a web server)" in row.detail and "HTTP/1.0 400" in row.detail


async def test_doctor_tls_to_a_plain_port_says_drop_tls(sim: PBXSimulator) -> None:
    report = await run_doctor("127.0.0.1", sim.port, "demo", "demo", tls=True, event_wait=0)
    assert [(c.name, c.status.value) for c in report.checks] == [
        ("TCP reachability", "PASS"),
        ("TLS", "FAIL"),
    ]
    assert "drop --tls" in (report.checks[1].fix or "")


async def test_doctor_pass_with_warnings_says_usable(
    sim: PBXSimulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RINGSIDE_AMI_SECRET", "limited-secret")
    code = await ringside("doctor", *conn_args(sim, "limited"), "--event-wait", "0")
    out = capsys.readouterr().out
    assert code == 0 and "WARN  queue pause" in out and "Result: usable, with" in out
    assert "permit = 127.0.0.1/255.255.255.255" in out  # the address this PC connected from


def test_doctor_test_originate_needs_extension(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor", "--test-originate", "0501234567"]) == 2
    assert "--test-originate needs --extension" in capsys.readouterr().err


def test_unreachable_words() -> None:
    refused = str(HostUnreachable("h", 1, "Connect call failed ('127.0.0.1', 1)"))
    assert "connection refused" in refused and "Connect call failed" not in refused
    assert "firewall drops the packets" in str(HostUnreachable("h", 1, "timed out"))


def test_render_wraps_long_fixes() -> None:
    check = CheckResult("x", CheckStatus.FAIL, "d", "word " * 60)
    text = render(DoctorReport((check,), "[x]"))
    assert all(len(line) <= 100 for line in text.splitlines()) and "Result: FAILED" in text


# ---------------------------------------------------------------- monitor / dial


@pytest.mark.parametrize("command", [["monitor"], ["dial", "--extension", "101", "0501"]])
async def test_not_ami_port_is_one_line_and_exit_2(
    web_server: int,
    command: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RINGSIDE_AMI_SECRET", "x")
    code = await ringside(*command[:1], "--port", str(web_server), *command[1:])
    err = capsys.readouterr().err
    assert code == 2 and "did not answer the AMI login" in err and "Traceback" not in err


async def test_monitor_refused_is_reported_once(
    free_port: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RINGSIDE_AMI_SECRET", "x")
    assert await ringside("monitor", "--port", str(free_port)) == 2
    assert capsys.readouterr().err.count("connection refused") == 1


async def test_monitor_trail_of_an_unseen_call_exits_1(
    sim: PBXSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("core.calls.tracker")
    code = await ringside("monitor", *conn_args(sim), "--trail", "nosuch.1", "--duration", "0.2")
    assert code == 1 and "no trail for call nosuch.1" in capsys.readouterr().err


def test_monitor_ended_before_call_end_has_unknown_talk_time() -> None:
    class CallEnded(SimpleNamespace):
        pass

    call = SimpleNamespace(call_id="1.1", direction="inbound", remote_number="1",
                           remote_name="", did=None, queue=None, outcome=None, wait_seconds=2.0,
                           talk_seconds=0.0, answered_at=10.0, ended_at=None)  # fmt: skip
    record = event_record(CallEnded(call=call, extension="101", outcome="answered"))
    assert record["talk_seconds"] is None and record["wait_seconds"] == 2.0


def test_monitor_raw_text_separates_messages(capsys: pytest.CaptureFixture[str]) -> None:
    args = SimpleNamespace(raw=True, json=False, extension=None, trail=None, count=0)
    mon = Monitor(args)  # type: ignore[arg-type]
    mon.on_raw({"Event": "Ping"})
    mon.on_raw({"Event": "Pong"})
    assert capsys.readouterr().out == "Event: Ping\n\nEvent: Pong\n\n"


async def test_dial_words_name_the_phone_and_the_context(
    sim: PBXSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await ringside("dial", *conn_args(sim), "--extension", "103", "0501") == 1
    assert (
        "your phone PJSIP/103 was not connected: the phone is busy (it rejected the call)"
        in capsys.readouterr().err
    )
    args = ("--extension", "101", "--context", "nowhere", "0501")
    assert await ringside("dial", *conn_args(sim), *args) == 1
    assert "0501 does not exist in context 'nowhere'" in capsys.readouterr().err


def test_ctrl_c_and_stray_errors_exit_cleanly(capsys: pytest.CaptureFixture[str]) -> None:
    async def interrupted() -> int:
        raise KeyboardInterrupt

    async def lost() -> int:
        from core.ami.errors import ConnectionLost

        raise ConnectionLost("the AMI connection was lost")

    assert run_command("monitor", interrupted()) == 130
    assert run_command("monitor", lost()) == 2
    assert "ringside monitor: the AMI connection was lost" in capsys.readouterr().err


# ---------------------------------------------------------------- real processes


async def _monitor_process(port: int) -> asyncio.subprocess.Process:
    env = dict(os.environ, RINGSIDE_AMI_SECRET="demo", PYTHONPATH=str(ROOT))
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "cli.main", "monitor", "--port", str(port), "--json",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=env, cwd=ROOT,
    )  # fmt: skip


@pytest.fixture
async def busy_sim() -> AsyncIterator[PBXSimulator]:
    server = PBXSimulator(port=0, scenarios=["inbound-answered"], repeat=0.05, speed=50.0)
    await server.start()
    yield server
    await server.stop()


async def test_monitor_reader_gone_exits_quietly(busy_sim: PBXSimulator) -> None:
    """`ringside monitor --json | head -1` must end, without a traceback per event."""
    proc = await _monitor_process(busy_sim.port)
    assert proc.stdout is not None and proc.stderr is not None
    async with asyncio.timeout(30):
        await proc.stdout.readline()
        proc._transport.get_pipe_transport(1).close()  # type: ignore[attr-defined]  # like head
        err = await proc.stderr.read()
        code = await proc.wait()
    assert code == 0 and b"Traceback" not in err and b"BrokenPipe" not in err


async def test_monitor_ctrl_c_exits_130_without_traceback(busy_sim: PBXSimulator) -> None:
    proc = await _monitor_process(busy_sim.port)
    assert proc.stdout is not None and proc.stderr is not None
    async with asyncio.timeout(30):
        await proc.stdout.readline()  # connected and printing
        proc.send_signal(signal.SIGINT)
        _out, err = await proc.communicate()
    assert proc.returncode == 130 and b"Traceback" not in err


# ---------------------------------------------------------------- sim / gateway / display


def test_sim_port_in_use_is_one_line(free_port: int, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", free_port))
        taken.listen()
        assert main(["sim", "--port", str(free_port)]) == 2
    err = capsys.readouterr().err
    assert "the port is in use" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["sim", "--port", "80000"],
        ["sim", "--calls-per-second", "-1"],
        ["sim", "--speed", "0"],
        ["monitor", "--duration", "-5"],
        ["dial", "--port", "0", "--extension", "1", "2"],
        ["gateway", "--config", "x.toml", "--port", "70000"],
    ],
)
def test_bad_numbers_are_usage_errors(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2 and "error: argument" in capsys.readouterr().err


def test_gateway_refuses_a_port_in_use(free_port: int) -> None:
    from gateway.main import _cannot_listen

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", free_port))
        taken.listen()
        assert "in use" in (_cannot_listen("127.0.0.1", free_port) or "")
    assert _cannot_listen("127.0.0.1", free_port) is None


def test_no_display_message() -> None:
    message = missing_display_message({}, "linux")
    assert (
        message is not None and "no graphical display" in message and "ringside doctor" in message
    )
    assert missing_display_message({"DISPLAY": ":0"}, "linux") is None
    assert missing_display_message({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert missing_display_message({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert missing_display_message({}, "win32") is None


@pytest.mark.parametrize(
    ("user", "secret", "status"), [("demo", "demo", "PASS"), ("limited", "limited-secret", "WARN")]
)
async def test_doctor_checks_the_dnd_permission(
    sim: PBXSimulator, user: str, secret: str, status: str
) -> None:
    report = await run_doctor("127.0.0.1", sim.port, user, secret, event_wait=0)
    (dnd,) = [c for c in report.checks if c.name.startswith("do-not-disturb")]
    assert dnd.status.value == status
    if status == "WARN":
        assert "system" in (dnd.fix or "") and "device state" in (dnd.fix or "")
    assert not [
        a for a in sim.received_actions if a.get("Action") == "DBPut"
    ]  # probe changes nothing


def test_monitor_json_says_where_a_call_was_parked_and_that_a_voicemail_was_left() -> None:
    from cli.commands.monitor import event_record, render_line
    from core.calls.tracker import CallTracker
    from tests.fakes.calls import feed, fixed_clock, transcript_messages

    park = [event_record(e) for e in feed(CallTracker(fixed_clock), transcript_messages(
        "F5-park-by-101-retrieved-by-102"))]  # fmt: skip
    left = [r for r in park if r["event"] == "ended" and r["extension"] == "101"]
    assert [(r["outcome"], r.get("parked_in")) for r in left] == [("transferred-away", "71")]
    assert render_line(left[0]).count(", parked in 71") == 1
    mail = [event_record(e) for e in feed(CallTracker(fixed_clock), transcript_messages(
        "F7-noanswer-voicemail-message-left"))]  # fmt: skip
    finished = [r for r in mail if r["event"] == "finished"]
    assert [(r["outcome"], r.get("voicemail_left")) for r in finished] == [("missed", True)]
