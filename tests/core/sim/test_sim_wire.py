"""The simulator speaks AMI like Asterisk 22: exact bytes of the transcripts' answers."""

from __future__ import annotations

import hashlib

from core.sim.server import PBXSimulator
from tests.fakes.ami_client import RawClient, login


async def test_banner_and_bad_secret_then_close(sim: PBXSimulator) -> None:
    client = await RawClient.connect(sim.port)
    await client.send("Login", ActionID="09-1", Username="companion", Secret="wrong")
    raw = await client.read_to_eof()
    assert raw == (
        b"Asterisk Call Manager/11.0.0\r\n"
        b"Response: Error\r\nActionID: 09-1\r\nMessage: Authentication failed\r\n\r\n"
    )


async def test_login_ping_logoff_bytes(sim: PBXSimulator) -> None:
    client = await login(sim.port)
    booted = await client.next()
    assert list(booted)[:2] == ["Event", "Privilege"] and booted["Privilege"] == "system,all"
    assert (await client.next())["Event"] == "SuccessfulAuth"
    await client.send("Ping", ActionID="01-2")
    pong = await client.next()
    assert list(pong) == ["Response", "ActionID", "Ping", "Timestamp"] and pong["Ping"] == "Pong"
    await client.send("Logoff", ActionID="01-6")
    raw = await client.read_to_eof()
    assert raw.endswith(
        b"Response: Goodbye\r\nActionID: 01-6\r\nMessage: Thanks for all the fish.\r\n\r\n"
    )


async def test_md5_challenge_login(sim: PBXSimulator) -> None:
    client = await RawClient.connect(sim.port)
    await client.send("Challenge", ActionID="c", AuthType="MD5")
    challenge = (await client.next())["Challenge"]
    key = hashlib.md5((challenge + "companion-secret").encode()).hexdigest()
    await client.send("Login", ActionID="l", AuthType="MD5", Username="companion", Key=key)
    assert (await client.next())["Message"] == "Authentication accepted"
    await client.close()


async def test_actions_before_login_are_denied(sim: PBXSimulator) -> None:
    client = await RawClient.connect(sim.port)
    await client.send("Ping", ActionID="x")
    assert await client.next() == {
        "Response": "Error",
        "ActionID": "x",
        "Message": "Permission denied",
    }
    await client.close()


async def test_limited_user_like_transcript_10(sim: PBXSimulator) -> None:
    client = await login(sim.port, "limited", "limited-secret")
    answers = {}
    for aid, action, fields in [
        ("2", "Ping", {}),
        ("3", "CoreSettings", {}),
        ("4", "Command", {"Command": "core show channels"}),
        ("5", "Status", {}),
        ("7", "Originate", {"Channel": "Local/answer@lab", "Application": "System", "Data": "/bin/true", "Async": "true"}),
        ("8", "Originate", {"Channel": "Local/answer@lab", "Context": "lab", "Exten": "wait", "Priority": "1", "Async": "true"}),
    ]:  # fmt: skip
        await client.send(action, ActionID=aid, **fields)
        answers[aid] = (await client.until(lambda m: "Response" in m))[-1]
    assert answers["2"]["Ping"] == "Pong"
    for aid in "345":
        assert answers[aid]["Message"] == "Permission denied"
    assert answers["7"]["Message"] == "Originate Access Forbidden: app or data blacklisted"
    assert answers["8"]["Message"] == "Originate successfully queued"
    await client.send("QueueStatus", ActionID="6")
    listing = await client.until(lambda m: m.get("EventList") == "Complete")
    assert [m.get("Event", m.get("Response")) for m in listing] == [
        "Success", "QueueParams", "QueueMember", "QueueMember", "QueueStatusComplete"
    ]  # fmt: skip
    assert list(listing[0]) == ["Response", "ActionID", "EventList", "Message"]
    assert all("Privilege" not in m and m["ActionID"] == "6" for m in listing)
    assert (
        list(listing[-1]) == ["Event", "ActionID", "EventList", "ListItems"]
        and listing[-1]["ListItems"] == "3"
    )
    await client.close()


async def test_limited_user_gets_only_call_class_events(sim: PBXSimulator) -> None:
    client = await login(sim.port, "limited", "limited-secret")
    await sim.play("inbound-answered").wait()
    await client.send("Ping", ActionID="end")
    seen = await client.until(lambda m: m.get("ActionID") == "end")
    events = [m for m in seen if "Event" in m]
    assert events and all("call" in m["Privilege"].split(",") for m in events)
    await client.close()


async def test_events_off_and_filter(sim: PBXSimulator) -> None:
    client = await login(sim.port)
    await client.next()  # FullyBooted
    await client.next()  # SuccessfulAuth
    await client.send("Filter", ActionID="f", Operation="Add", Filter="Event: Hangup\\s")
    assert (await client.next())["Message"] == "Filter Added Successfully"
    await sim.play("inbound-missed").wait()
    await client.send("Events", ActionID="e", EventMask="off")
    seen = await client.until(lambda m: m.get("ActionID") == "e")
    assert [m["Event"] for m in seen if "Event" in m] == ["Hangup", "Hangup"]
    assert seen[-1]["Events"] == "Off"
    await client.close()


async def test_unknown_action(sim: PBXSimulator) -> None:
    client = await login(sim.port)
    await client.send("Frobnicate", ActionID="u")
    answer = await client.until(lambda m: "Response" in m)
    assert answer[-1]["Message"].startswith("Invalid/unknown command: Frobnicate.")
    await client.close()


async def test_core_show_channels_lists_the_call_in_progress(sim: PBXSimulator) -> None:
    client = await login(sim.port)
    run = sim.play("queue-answered", pause_after="AgentConnect")
    await run.paused.wait()
    await client.send("CoreShowChannels", ActionID="11-2")
    listing = await client.until(lambda m: m.get("Event") == "CoreShowChannelsComplete")
    items = [m for m in listing if m.get("Event") == "CoreShowChannel"]
    assert {m["Linkedid"] for m in items} == {run.call_id} and len(items) == 2
    assert list(items[0])[:4] == ["Event", "ActionID", "Channel", "ChannelState"]
    assert list(items[0])[-4:] == ["Application", "ApplicationData", "Duration", "BridgeId"]
    run.resume()
    await run.wait()
    await client.close()


async def test_queue_status_lists_the_waiting_caller(sim: PBXSimulator) -> None:
    client = await login(sim.port)
    run = sim.play("queue-answered", caller="0671234567", pause_after="QueueCallerJoin")
    await run.paused.wait()
    await client.send("QueueStatus", ActionID="q")
    listing = await client.until(lambda m: m.get("Event") == "QueueStatusComplete")
    entries = [m for m in listing if m.get("Event") == "QueueEntry"]
    assert len(entries) == 1 and entries[0]["CallerIDNum"] == "0671234567"
    assert entries[0]["Uniqueid"] == run.call_id and entries[0]["Position"] == "1"
    run.resume()
    await run.wait()
    await client.send("QueueStatus", ActionID="q2")
    listing = await client.until(
        lambda m: m.get("Event") == "QueueStatusComplete" and m["ActionID"] == "q2"
    )
    assert not [m for m in listing if m.get("Event") == "QueueEntry" and m["ActionID"] == "q2"]
    await client.close()


async def test_successful_auth_only_for_security_readers(sim: PBXSimulator) -> None:
    client = await login(sim.port)
    assert [(await client.next())["Event"] for _ in range(2)] == ["FullyBooted", "SuccessfulAuth"]
    await client.close()
