"""AMIConnection against the real simulator over TCP: login, errors, actions, watchdog."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Callable

import pytest

from core.ami import actions
from core.ami.codec import Message
from core.ami.connection import AMIConnection, ConnectionState
from core.ami.errors import (
    ActionFailed,
    AuthenticationFailed,
    HostUnreachable,
    OriginateFailed,
    PermissionDenied,
)
from core.sim.server import PBXSimulator
from tests.fakes.ami_client import connect


async def until(predicate: Callable[[], bool], limit: float = 5.0) -> None:
    """Poll a condition on state the connection updates from its own callbacks."""
    async with asyncio.timeout(limit):
        while not predicate():  # noqa: ASYNC110 - state lives in plain attributes
            await asyncio.sleep(0.01)


async def test_md5_login_never_sends_the_secret(sim: PBXSimulator) -> None:
    conn = connect(sim)
    await conn.start()
    assert conn.state is ConnectionState.CONNECTED
    assert conn.banner == "Asterisk Call Manager/11.0.0"
    login = sim.actions_named("Login")[0]
    assert login["AuthType"] == "MD5" and "Secret" not in login and len(login["Key"]) == 32
    assert sim.actions_named("Challenge")
    await conn.close()
    assert sim.actions_named("Logoff")


async def test_plain_login_keeps_the_secret_out_of_logs(
    sim: PBXSimulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    sim.users["plain"] = type(sim.users["demo"])("pl41n-s3cret")
    conn = connect(sim, "plain", "pl41n-s3cret", auth="plain")
    await conn.start()
    assert sim.actions_named("Login")[0]["Secret"] == "pl41n-s3cret"
    await conn.close()
    assert caplog.text and "pl41n-s3cret" not in caplog.text + repr(conn)


async def test_wrong_secret_fails_once_without_retry(
    sim: PBXSimulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    states: list[ConnectionState] = []
    conn = connect(sim, secret="s3cr3t-wrong", on_state=lambda s, d: states.append(s))
    with pytest.raises(AuthenticationFailed) as info:
        await conn.start(fail_fast=False)
    assert "not your FreePBX web login" in str(info.value)
    await asyncio.sleep(0.2)  # a retry loop would have logged in again by now
    assert len(sim.actions_named("Login")) == 1
    assert conn.state is ConnectionState.AUTH_FAILED and states[-1] is ConnectionState.AUTH_FAILED
    for text in (str(info.value), repr(conn), caplog.text):
        assert "s3cr3t-wrong" not in text
    await conn.close()


async def test_unreachable_host_fails_fast() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    conn = AMIConnection("127.0.0.1", port, "demo", "demo")
    with pytest.raises(HostUnreachable) as info:
        await conn.start(fail_fast=True)
    assert str(port) in str(info.value)
    await conn.close()


async def test_permission_denied_names_the_missing_class(sim: PBXSimulator) -> None:
    conn = connect(sim, "limited", "limited-secret")
    await conn.start()
    with pytest.raises(PermissionDenied) as info:
        await actions.core_settings(conn)
    assert info.value.missing_class == "system or reporting"
    with pytest.raises(PermissionDenied) as info:
        await actions.queue_pause(conn, "PJSIP/101", True, "lunch")
    assert info.value.missing_class == "agent" and "write=" in str(info.value)
    assert len(await actions.queue_status(conn)) == 3  # QueueStatus needs no class
    await conn.close()


async def test_click_to_call_uses_channel_id_and_event_stream_sees_everything(
    sim: PBXSimulator,
) -> None:
    events: list[Message] = []
    conn = connect(sim, on_message=events.append)
    await conn.start()
    announced: list[tuple[str, int]] = []
    result = await actions.originate_click_to_call(
        conn,
        "PJSIP/101",
        "0509876543",
        "from-internal",
        channel_id="c2c-test-1",
        on_channel_id=lambda cid: announced.append((cid, len(sim.actions_named("Originate")))),
    )
    assert announced == [("c2c-test-1", 0)]  # told before the action went out
    assert result.channel_id == "c2c-test-1" and result.channel.startswith("PJSIP/101-")
    sent = sim.actions_named("Originate")[0]
    assert sent["Async"] == "true" and sent["ChannelId"] == "c2c-test-1"
    assert sent["CallerID"] == '"CRM: 0509876543" <101>'
    names = [e.get("Event") for e in events]
    assert "OriginateResponse" in names  # also routed to the action future
    first = next(e for e in events if e.get("Event") == "Newchannel")
    assert first["Uniqueid"] == first["Linkedid"] == "c2c-test-1"
    await conn.close()


@pytest.mark.parametrize(
    ("endpoint", "number", "code", "words"),
    [
        ("PJSIP/999", "0501234567", 0, "could not be placed"),
        ("PJSIP/103", "0501234567", 5, "busy"),
        ("PJSIP/104", "0501234567", 3, "nobody answered"),
        ("PJSIP/101", "not-a-number", None, "does not exist"),
    ],
)
async def test_originate_failures_in_words(
    sim: PBXSimulator, endpoint: str, number: str, code: int | None, words: str
) -> None:
    conn = connect(sim)
    await conn.start()
    with pytest.raises(OriginateFailed) as info:
        await actions.originate_click_to_call(
            conn, endpoint, number, "from-internal", timeout_ms=2000
        )
    assert info.value.reason_code == code and words in str(info.value)
    await conn.close()


async def test_sync_originate_gets_async_false_added(sim: PBXSimulator) -> None:
    conn = connect(sim)
    await conn.start()
    response = await conn.send_action(
        "Originate", {"Channel": "PJSIP/999", "Context": "lab", "Exten": "wait"}
    )
    assert not response.success and response.message == "Originate failed"
    assert sim.actions_named("Originate")[0]["Async"] == "false"
    await conn.close()


async def test_read_classes_and_filter_limit_events(sim: PBXSimulator) -> None:
    limited: list[Message] = []
    filtered: list[Message] = []
    a = connect(sim, "limited", "limited-secret", on_message=limited.append, resync=False)
    b = connect(sim, on_message=filtered.append, resync=False)
    await a.start()
    await b.start()
    await actions.set_filter(b, "Event: (Newchannel|Hangup)\\s")  # not HangupRequest
    filtered.clear()  # FullyBooted came before the filter
    await sim.play("inbound-missed").wait()
    await until(lambda: sum(e.get("Event") == "Hangup" for e in filtered) == 2)
    assert {e.get("Event") for e in filtered} == {"Newchannel", "Hangup"}
    assert all("call" in e["Privilege"] for e in limited)  # no dialplan / cdr / system
    assert "Newchannel" in {e.get("Event") for e in limited}
    await a.close()
    await b.close()


async def test_utf8_split_on_the_wire_via_swapped_transport(sim: PBXSimulator) -> None:
    """The single socket factory lets a test chop every read into 1-byte pieces."""
    from core.ami.connection import open_transport

    async def one_byte_reads(factory, host, port, ssl_context):  # type: ignore[no-untyped-def]
        def chopping():  # type: ignore[no-untyped-def]
            proto = factory()
            original = proto.data_received
            proto.data_received = lambda data: [original(data[i : i + 1]) for i in range(len(data))]
            return proto

        return await open_transport(chopping, host, port, ssl_context)

    events: list[Message] = []
    conn = connect(sim, on_message=events.append, open_transport=one_byte_reads)
    await conn.start()
    await sim.play("inbound-missed", caller_name="Иван Петров").wait()
    await until(lambda: any(e.get("Event") == "Hangup" for e in events))
    names = {e.get("CallerIDName") for e in events if e.get("Event") == "Newchannel"}
    assert "Иван Петров" in names
    await conn.close()


async def test_watchdog_detects_frozen_server_and_reconnects(sim: PBXSimulator) -> None:
    details: list[str] = []
    conn = connect(
        sim,
        ping_interval=0.1,
        watchdog_timeout=0.5,
        on_state=lambda s, d: details.append(f"{s}:{d}"),
    )
    await conn.start()
    sim.freeze()
    await until(lambda: conn.state is not ConnectionState.CONNECTED)
    assert any("watchdog" in d for d in details)
    sim.unfreeze()
    await until(lambda: conn.state is ConnectionState.CONNECTED and conn.connects == 2)
    await conn.close()


async def test_reconnect_relogs_in_and_resyncs_calls_in_progress(sim: PBXSimulator) -> None:
    events: list[Message] = []
    conn = connect(sim, on_message=events.append)
    await conn.start()
    run = sim.play("inbound-answered", pause_after="BridgeEnter#2")
    await asyncio.wait_for(run.paused.wait(), 5)
    await sim.stop(keep_calls=True)
    await until(lambda: conn.state is not ConnectionState.CONNECTED)
    await sim.start()  # same port
    await until(lambda: conn.connects == 2 and conn.state is ConnectionState.CONNECTED)
    await until(lambda: any(e.get("Event") == "CoreShowChannelsComplete" for e in events))
    listed = [e for e in events if e.get("Event") == "CoreShowChannel"]
    assert sorted(e["Linkedid"] for e in listed) == [run.call_id, run.call_id]
    assert len(sim.actions_named("Login")) == 2
    run.resume()
    await run.wait()
    await conn.close()


async def test_filters_are_reapplied_after_reconnect(sim: PBXSimulator) -> None:
    events: list[Message] = []
    conn = connect(sim, on_message=events.append, filters=("Event: Hangup\\s",), resync=False)
    await conn.start()
    sim.kill_connections()
    await until(lambda: conn.connects == 2 and conn.state is ConnectionState.CONNECTED)
    assert [m["Filter"] for m in sim.actions_named("Filter")] == ["Event: Hangup\\s"] * 2
    events.clear()
    await sim.play("inbound-missed").wait()
    await until(lambda: len(events) == 2)
    assert {e.get("Event") for e in events} == {"Hangup"}
    await conn.close()


async def test_hangup_action_ends_the_call(sim: PBXSimulator) -> None:
    events: list[Message] = []
    conn = connect(sim, on_message=events.append, resync=False)
    await conn.start()
    run = sim.play("inbound-answered", pause_after="BridgeEnter#2")
    await asyncio.wait_for(run.paused.wait(), 5)
    bridged = [e for e in events if e.get("Event") == "BridgeEnter"]
    await actions.hangup(conn, bridged[-1]["Channel"])
    await until(lambda: sum(e.get("Event") == "Hangup" for e in events) == 2)
    assert {e["Linkedid"] for e in events if e.get("Event") == "Hangup"} == {run.call_id}
    assert run.task.cancelled()
    assert (await conn.send_action("CoreShowChannels")).events == ()
    with pytest.raises(ActionFailed):
        await actions.hangup(conn, "PJSIP/101-deadbeef")
    await conn.close()


async def test_cancelled_start_leaves_no_connection_task_behind() -> None:
    # a listener that accepts but never speaks AMI: start() waits for the banner
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    conn = AMIConnection("127.0.0.1", port, "demo", "demo", backoff=(0.01, 0.05))
    starting = asyncio.create_task(conn.start())
    await asyncio.sleep(0.05)
    starting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await starting
    await asyncio.sleep(0.05)
    assert not [t for t in asyncio.all_tasks() if t.get_name() == "ami-connection" and not t.done()]
    server.close()
    await server.wait_closed()
