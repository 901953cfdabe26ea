"""``ringside dial / doctor / monitor / sim`` run in-process against the simulator.

Each command runs ``cli.main.main([...])`` in a worker thread (it owns its own
event loop) while the simulator serves from the test's loop.
"""

from __future__ import annotations

import asyncio
import json
import socket

import pytest

from core.calls.ami_feed import event_filters
from core.sim.server import PBXSimulator
from tests.fakes.cli import conn_args, ringside


async def when(predicate, then):  # type: ignore[no-untyped-def]
    """Run ``then()`` once the simulator state satisfies ``predicate`` (polled)."""
    async with asyncio.timeout(10):
        while not predicate():  # noqa: ASYNC110 - the simulator state is plain attributes
            await asyncio.sleep(0.01)
    return await then()


def logged_in(sim: PBXSimulator, action: str = "QueueStatus"):  # type: ignore[no-untyped-def]
    """True once a client logged in and finished its resync (its last resync action arrived)."""
    return lambda: bool(sim.actions_named(action)) and any(s.authenticated for s in sim.sessions)


async def test_dial_success(sim: PBXSimulator, capsys: pytest.CaptureFixture[str]) -> None:
    code = await ringside("dial", *conn_args(sim), "--extension", "101", "0501234567")
    out = capsys.readouterr().out
    assert code == 0 and "your phone PJSIP/101 answered" in out
    originate = sim.actions_named("Originate")[0]
    assert originate["Channel"] == "PJSIP/101" and originate["Exten"] == "0501234567"
    assert "Secret" not in str(sim.actions_named("Login"))  # MD5 by default


@pytest.mark.parametrize(("extension", "words"), [("103", "busy"), ("999", "could not be placed")])
async def test_dial_failure_exits_nonzero_with_reason(
    sim: PBXSimulator, capsys: pytest.CaptureFixture[str], extension: str, words: str
) -> None:
    code = await ringside("dial", *conn_args(sim), "--extension", extension, "0501234567")
    assert code == 1 and words in capsys.readouterr().err


async def test_dial_wrong_secret_explains(
    sim: PBXSimulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RINGSIDE_AMI_SECRET", "wrong-pass-123")
    code = await ringside("dial", *conn_args(sim), "--extension", "101", "0501234567")
    err = capsys.readouterr().err
    assert code == 2 and "not your FreePBX web login" in err and "wrong-pass-123" not in err


async def test_doctor_all_pass_for_full_user(
    sim: PBXSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    async def call_after_probes():  # type: ignore[no-untyped-def]
        await sim.play("inbound-missed").wait()

    code, _ = await asyncio.gather(
        ringside("doctor", *conn_args(sim), "--event-wait", "5"),
        when(lambda: bool(sim.actions_named("Filter")), call_after_probes),
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "FAIL" not in out and "WARN" not in out
    assert "PASS  click-to-call (Originate)" in out and "PASS  call events arrive" in out
    assert "read = call,agent" in out and "write = originate,agent" in out
    assert "eventfilter = Event: (Newchannel|" in out
    probe = sim.actions_named("Originate")[0]
    assert probe["Exten"] == "ringside-doctor-no-such-exten"  # never a real call


async def test_doctor_names_missing_classes(
    sim: PBXSimulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RINGSIDE_AMI_SECRET", "agent-secret")
    code = await ringside("doctor", *conn_args(sim, "agentonly"), "--event-wait", "0.1")
    out = capsys.readouterr().out
    assert code == 1
    assert "FAIL  click-to-call (Originate): permission denied (needs originate)" in out
    assert "PASS  queue pause (QueuePause)" in out


async def test_doctor_test_originate(sim: PBXSimulator, capsys: pytest.CaptureFixture[str]) -> None:
    code = await ringside(
        "doctor",
        *conn_args(sim),
        "--event-wait",
        "0.1",
        "--extension",
        "101",
        "--test-originate",
        "0501234567",
    )
    assert code == 0 and "PASS  test call PJSIP/101 -> 0501234567" in capsys.readouterr().out


async def test_doctor_wrong_login_and_unreachable(
    sim: PBXSimulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RINGSIDE_AMI_SECRET", "nope")
    assert await ringside("doctor", *conn_args(sim)) == 1
    out = capsys.readouterr().out
    assert "PASS  TCP reachability" in out and "FAIL  login" in out and "FreePBX web login" in out
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert await ringside("doctor", "--port", str(port)) == 1
    assert "FAIL  TCP reachability" in capsys.readouterr().out


async def test_monitor_json_lines(sim: PBXSimulator, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("core.calls.tracker")

    async def later() -> str:
        await asyncio.sleep(0.3)  # let monitor log in first
        run = sim.play("inbound-busy", caller_name="Иван Петров")
        await run.wait()
        return run.call_id

    code, call_id = await asyncio.gather(
        ringside(
            "monitor",
            *conn_args(sim),
            "--json",
            "--extension",
            "101",
            "--count",
            "2",
            "--duration",
            "10",
        ),
        later(),
    )
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 0
    assert [r["event"] for r in lines] == ["ringing", "ended"]
    for record in lines:
        assert record["call_id"] == call_id and record["extension"] == "101"
        assert record["direction"] == "inbound" and record["remote_number"] == "0501234567"
        assert record["remote_name"] == "Иван Петров"
    assert lines[-1]["outcome"] == "busy"
    # the feed asked the PBX for the tracker's events only
    assert [f["Filter"] for f in sim.actions_named("Filter")] == list(event_filters())


async def test_monitor_raw_shows_everything_the_pbx_sends(
    sim: PBXSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    async def call() -> None:
        await sim.play("inbound-missed").wait()

    code, _ = await asyncio.gather(
        ringside("monitor", *conn_args(sim), "--raw", "--count", "4", "--duration", "10"),
        when(logged_in(sim), call),
    )
    assert code == 0 and sim.actions_named("Filter") == []
    assert "Event: Newexten" in capsys.readouterr().out  # dialplan chatter, unfiltered


async def test_monitor_trail_prints_raw_ami_of_the_call(
    sim: PBXSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("core.calls.tracker")
    sim.ids.epoch, sim.ids._uid = 1700000000, 0  # the next call id is predictable: 1700000000.1

    async def call() -> None:
        await sim.play("inbound-missed").wait()

    code, _ = await asyncio.gather(
        ringside("monitor", *conn_args(sim), "--trail", "1700000000.1", "--duration", "15"),
        when(logged_in(sim), call),
    )
    out = capsys.readouterr().out
    assert code == 0
    trail = out.split("finished", 1)[1]
    assert (
        "Event: Newchannel" in trail
        and "Linkedid: 1700000000.1" in trail
        and "Event: Hangup" in trail
    )


async def test_sim_command_serves_until_interrupted() -> None:
    from cli.commands import sim as sim_cmd

    parser = __import__("argparse").ArgumentParser()
    sim_cmd.add_arguments(parser)
    args = parser.parse_args(["--port", "0", "--scenario", "inbound-answered", "--speed", "100"])
    task = asyncio.create_task(sim_cmd.serve(args))
    await asyncio.sleep(0.1)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_doctor_on_a_port_that_is_not_ami(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RINGSIDE_AMI_SECRET", "x")

    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()  # accepts, never speaks AMI
        writer.close()

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    from core.ami.doctor import run_doctor

    report = await run_doctor("127.0.0.1", port, "x", "x", event_wait=0.1, login_timeout=0.3)
    server.close()
    assert not report.ok
    assert [(c.name, c.status.value) for c in report.checks] == [
        ("TCP reachability", "PASS"),
        ("AMI protocol", "FAIL"),
    ]
