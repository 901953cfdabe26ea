"""The recordings router under uvicorn on 127.0.0.1: links, ranges, traversal, listens, search."""

from __future__ import annotations

import os
from pathlib import Path

import httpx

from core.signing.links import sign_link
from core.signing.storage import encode_storage_path
from tests.fakes.recordings import LINK_KEY, STORAGE_KEY, TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _link(server, name: str, expires: int = 4_000_000_000) -> str:
    return f"{server.url}/recordings/file/{name}?exp={expires}&sig={sign_link(name, expires, LINK_KEY)}"


def test_signed_link_serves_whole_file_with_validators(gateway, lab: Path) -> None:
    server, _ = gateway
    response = httpx.get(_link(server, "1795360756.4.wav"))
    assert response.status_code == 200
    assert response.content == (lab / "monitor" / "1795360756.4.wav").read_bytes()
    assert response.headers["content-type"] == "audio/wav"
    assert response.headers["accept-ranges"] == "bytes"
    assert response.headers["etag"] and response.headers["last-modified"]


def test_range_requests_give_206_and_416(gateway, lab: Path) -> None:
    server, _ = gateway
    data = (lab / "monitor" / "1795360756.4.wav").read_bytes()
    url = _link(server, "1795360756.4.wav")
    part = httpx.get(url, headers={"Range": "bytes=100-1099"})
    assert part.status_code == 206
    assert part.headers["content-range"] == f"bytes 100-1099/{len(data)}"
    assert part.content == data[100:1100]
    tail = httpx.get(url, headers={"Range": "bytes=-44"})
    assert tail.status_code == 206 and tail.content == data[-44:]
    bad = httpx.get(url, headers={"Range": f"bytes={len(data) + 10}-"})
    assert bad.status_code == 416
    assert bad.headers["content-range"] == f"bytes */{len(data)}"


def test_expired_and_tampered_links_are_403(gateway) -> None:
    server, _ = gateway
    name = "1795360756.4.wav"
    expired = 1_000
    assert httpx.get(_link(server, name, expires=expired)).status_code == 403
    good = 4_000_000_000
    sig = sign_link(name, good, LINK_KEY)
    tampered_sig = ("A" if sig[0] != "A" else "B") + sig[1:]
    base = f"{server.url}/recordings/file/"
    assert httpx.get(f"{base}{name}?exp={good}&sig={tampered_sig}").status_code == 403
    assert httpx.get(f"{base}{name}?exp={good + 1}&sig={sig}").status_code == 403
    assert httpx.get(f"{base}1795360806.18.wav?exp={good}&sig={sig}").status_code == 403
    assert httpx.get(f"{base}{name}").status_code == 403
    assert httpx.get(f"{base}{name}?exp={good}&sig={sig}").status_code == 200


def _raw_get(server, target: str) -> int:
    """GET with the request target sent exactly as written (no client-side normalisation)."""
    import socket

    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    assert b"root:" not in reply and b"outside-secret" not in reply
    return int(reply.split(b" ", 2)[1])


def test_traversal_is_rejected_even_with_a_valid_signature(gateway, lab: Path) -> None:
    server, _ = gateway
    (lab / "outside.wav").write_bytes(b"outside-secret")
    os.symlink(lab / "outside.wav", lab / "monitor" / "escape.wav")
    exp = 4_000_000_000
    for name in ("../outside.wav", "2026/../../outside.wav", "/etc/passwd", "escape.wav",
                 "%2e%2e/outside.wav", "..%2Foutside.wav", "..\\outside.wav"):  # fmt: skip
        sig = sign_link(name, exp, LINK_KEY)
        for target in (f"/recordings/file/{name}?exp={exp}&sig={sig}",
                       "/recordings/file/" + name.replace(".", "%2e").replace("/", "%2f") + f"?exp={exp}&sig={sig}"):  # fmt: skip
            assert _raw_get(server, target) in (403, 404), target
    # the encoded form of a good name still works, so the rejections above are not blanket
    ok = "2026/11/22/synthetic-3s.wav"
    target = (
        f"/recordings/file/{ok.replace('/', '%2F')}?exp={exp}&sig={sign_link(ok, exp, LINK_KEY)}"
    )
    assert _raw_get(server, target) == 200


def test_symlink_inside_root_is_served(gateway, lab: Path) -> None:
    server, _ = gateway
    os.symlink(lab / "monitor" / "1795360756.4.wav", lab / "monitor" / "alias.wav")
    assert httpx.get(_link(server, "alias.wav")).status_code == 200


def test_storage_link_round_trip_and_garbage(gateway, lab: Path) -> None:
    server, _ = gateway
    token = encode_storage_path("/2026/11/22/synthetic-3s.wav", STORAGE_KEY)
    response = httpx.get(f"{server.url}/recordings/storage/{token}")
    assert response.status_code == 200
    assert response.content == (lab / "monitor" / "2026/11/22/synthetic-3s.wav").read_bytes()
    evil = encode_storage_path("../outside.wav", STORAGE_KEY)
    (lab / "outside.wav").write_bytes(b"outside-secret")
    assert httpx.get(f"{server.url}/recordings/storage/{evil}").status_code == 404
    assert httpx.get(f"{server.url}/recordings/storage/not-a-token").status_code == 404
    wrong_key = encode_storage_path("1795360756.4.wav", b"\x01" * 32)
    assert httpx.get(f"{server.url}/recordings/storage/{wrong_key}").status_code == 404


def test_storage_url_endpoint_issues_a_working_aes_link(gateway) -> None:
    server, _ = gateway
    response = httpx.get(
        f"{server.url}/recordings/storage_url", params={"call_id": "1795360756.4"}, headers=AUTH
    )
    assert response.status_code == 200
    audio = httpx.get(response.json()["record_url"])
    assert audio.status_code == 200 and audio.content[:4] == b"RIFF"


def test_link_endpoint_requires_token_and_links_play(gateway) -> None:
    server, _ = gateway
    body = {"call_id": "1795360818.23"}
    assert httpx.post(f"{server.url}/recordings/link", json=body).status_code == 401
    assert (
        httpx.post(
            f"{server.url}/recordings/link", json=body, headers={"Authorization": "Bearer nope"}
        ).status_code
        == 401
    )
    response = httpx.post(f"{server.url}/recordings/link", json=body, headers=AUTH)
    assert response.status_code == 200
    link = response.json()
    assert link["recording"] == "1795360818.23.wav"
    assert httpx.get(link["url"]).status_code == 200
    missing = httpx.get(
        f"{server.url}/recordings/link", params={"call_id": "1795360749.0"}, headers=AUTH
    )
    assert missing.status_code == 404


def test_every_listen_is_logged_and_searchable(gateway) -> None:
    server, _ = gateway
    url = _link(server, "1795360806.18.wav")
    httpx.get(url)
    httpx.get(
        url, headers={"Range": "bytes=5000-"}
    )  # a seek of the same playback: not a new listen
    listens = httpx.get(f"{server.url}/recordings/listens", headers=AUTH).json()["items"]
    assert len(listens) == 1
    assert listens[0]["call_id"] == "1795360806.18"
    assert listens[0]["recording"] == "1795360806.18.wav"
    assert listens[0]["who"].startswith("link@127.0.0.1")
    only = httpx.get(
        f"{server.url}/recordings/listens", params={"call_id": "nope"}, headers=AUTH
    ).json()
    assert only["items"] == []
    assert httpx.get(f"{server.url}/recordings/listens").status_code == 401
