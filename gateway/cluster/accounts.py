"""``ClusterAccounts``: the hub's accounts, with sign-ins and revocations shared by all nodes.

Each node keeps its SQLite accounts database (the admin runs the same ``users add``
on every node); what a desktop gets from one node must hold on all of them:

* a token issued on any node is written (its SHA-256 digest, user and expiry; never
  the token) to the KV bucket ``ringside_tokens_<pbx>``; a node that does not know a
  token looks it up there and adopts it, so a desktop that moves keeps its sign-in;
* a token revoked on any node (sign-out, refresh) is marked revoked there; every node
  watches the bucket, marks it revoked locally and closes the connections that use it
  at once (well within a second).

The KV calls run on the node's event loop; these methods run in worker threads
(the hub calls its accounts through ``asyncio.to_thread``).
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import TYPE_CHECKING, Any

from gateway.hub.accounts import Accounts, AuthError, Session, token_hash

if TYPE_CHECKING:
    from gateway.cluster.node import ClusterNode

log = logging.getLogger("gateway.cluster")
KV_TIMEOUT = 3.0


class ClusterAccounts(Accounts):
    node: ClusterNode | None = None

    def _kv(self, coro: Any) -> Any:
        node = self.node
        loop = node._loop if node is not None else None
        if loop is None or node is None or node.tokens is None:
            coro.close()
            return None
        try:
            if asyncio.get_running_loop() is loop:  # never block the loop on itself
                coro.close()
                return None
        except RuntimeError:
            pass  # a worker thread: the normal case
        return asyncio.run_coroutine_threadsafe(coro, loop).result(KV_TIMEOUT)

    def _share(self, digest: str, record: dict[str, Any]) -> None:
        node = self.node
        if node is None or node.tokens is None:
            return
        try:
            self._kv(node.tokens.put(digest, json.dumps(record).encode()))
        except Exception as exc:
            log.warning("could not share a sign-in with the cluster: %r", exc)

    def issue_token(self, name: str, ttl: float | None = None) -> tuple[str, float]:
        token, expires = super().issue_token(name, ttl)
        self._share(token_hash(token), {"user": name, "expires_at": expires, "revoked": False})
        return token, expires

    def revoke(self, token: str) -> None:
        super().revoke(token)
        digest = token_hash(token)
        self._share(digest, {"user": "", "expires_at": 0, "revoked": True})

    def check_token(self, token: str) -> Session:
        try:
            return super().check_token(token)
        except AuthError:
            digest = token_hash(token)
            shared = self._fetch(digest)
            if not shared or shared.get("revoked") or not shared.get("user"):
                raise
            if not self.adopt(digest, str(shared["user"]), float(shared["expires_at"])):
                raise
            return super().check_token(token)

    def _fetch(self, digest: str) -> dict[str, Any] | None:
        node = self.node
        if node is None or node.tokens is None:
            return None
        try:
            entry = self._kv(node.tokens.get(digest))
        except Exception:
            return None
        if entry is None or not entry.value:
            return None
        try:
            return dict(json.loads(entry.value))
        except ValueError:
            return None

    def adopt(self, digest: str, user: str, expires_at: float) -> bool:
        """Take another node's sign-in into this node's database (known user only)."""
        with self._lock:
            known = self._db.execute("SELECT 1 FROM users WHERE name = ?", (user,)).fetchone()
            if known is None:
                return False
            self._db.execute(
                "INSERT OR IGNORE INTO tokens(token_hash, user, created_at, expires_at)"
                " VALUES (?, ?, ?, ?)",
                (digest, user, self._clock(), expires_at),
            )
        return True

    def mark_revoked(self, digest: str) -> None:
        with self._lock:
            self._db.execute("UPDATE tokens SET revoked = 1 WHERE token_hash = ?", (digest,))
