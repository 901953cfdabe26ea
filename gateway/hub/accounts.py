"""Hub accounts on SQLite: operators, supervisors, admins; argon2 passwords; revocable tokens.

Passwords are hashed with argon2id (argon2-cffi); only the hash is stored. A login
gives a random bearer token; the database keeps its SHA-256 only, with an expiry,
so a stolen database file does not give working tokens. Disabling an account or
resetting its password revokes every token it has (the hub closes its connections
at the next sweep). Safe to use from several threads (one lock, one connection).
"""

from __future__ import annotations

import hashlib
import re
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from core.hub.scope import Role, Scope

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
EXTENSION = re.compile(r"[0-9A-Za-z*#+_-]{1,32}")
TEAM = re.compile(r"[\w.-]{1,64}")

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY,
    display TEXT NOT NULL,
    role TEXT NOT NULL,
    team TEXT NOT NULL DEFAULT '',
    extensions TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
    token_hash TEXT PRIMARY KEY,
    user TEXT NOT NULL REFERENCES users(name),
    created_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS tokens_user ON tokens(user);
CREATE TABLE IF NOT EXISTS requests (
    request_id TEXT PRIMARY KEY,
    user TEXT NOT NULL,
    state TEXT NOT NULL,
    result TEXT NOT NULL DEFAULT '',
    created_at REAL NOT NULL
);
"""


class AccountError(ValueError):
    """A bad account operation (unknown user, duplicate, bad extension); words in ``str()``."""


class AuthError(Exception):
    """Sign-in or token refused; ``str()`` is what the desktop shows (no hint which part was wrong)."""


@dataclass(frozen=True, slots=True)
class Account:
    name: str
    display: str
    role: Role
    team: str
    extensions: tuple[str, ...]
    disabled: bool = False

    def __repr__(self) -> str:
        return f"Account({self.name!r}, role={self.role.value}, team={self.team!r}, ext={self.extensions})"


@dataclass(frozen=True, slots=True)
class Session:
    """A valid token's account and expiry."""

    account: Account
    token_hash: str
    expires_at: float


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_password() -> str:
    """A password to hand to the operator once (16 URL-safe characters)."""
    return secrets.token_urlsafe(12)


class Accounts:
    DEFAULT_TTL = 12 * 3600.0

    def __init__(
        self,
        path: str | Path,
        *,
        clock: Callable[[], float] = time.time,
        hasher: PasswordHasher | None = None,
        token_ttl: float = DEFAULT_TTL,
    ) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._clock = clock
        self._hasher = hasher or PasswordHasher()
        self.token_ttl = token_ttl
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA busy_timeout=5000")
        self._db.executescript(SCHEMA)
        self._dummy = self._hasher.hash(secrets.token_hex(8))  # unknown users cost a verify too

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # --------------------------------------------------------------- admin
    def add(
        self,
        name: str,
        *,
        display: str = "",
        role: Role | str = Role.OPERATOR,
        team: str = "",
        extensions: Iterable[str] = (),
        password: str | None = None,
    ) -> str:
        """Create an account; returns its password (generated when not given)."""
        if not NAME.fullmatch(name):
            raise AccountError(f"“{name}” is not a valid user name (letters, digits, . _ @ -)")
        try:
            role = Role(role)
        except ValueError:
            raise AccountError(
                f"unknown role “{role}”: use operator, supervisor or admin"
            ) from None
        exts = _extensions(extensions)
        if role is Role.OPERATOR and not exts:
            if EXTENSION.fullmatch(name) and name.isdigit():
                exts = (name,)  # `users add 101`: operator 101 acts as extension 101
            else:
                raise AccountError(f"operator {name} needs --extension (the extension it acts as)")
        if team and not TEAM.fullmatch(team):
            raise AccountError(f"“{team}” is not a valid team name")
        if role is Role.SUPERVISOR and not team:
            raise AccountError(f"supervisor {name} needs --team (whose calls it sees)")
        password = password or new_password()
        _check_password(password)
        hashed = self._hasher.hash(password)
        with self._lock:
            try:
                self._db.execute(
                    "INSERT INTO users(name, display, role, team, extensions, password_hash, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        name,
                        display or name,
                        role.value,
                        team,
                        ",".join(exts),
                        hashed,
                        self._clock(),
                    ),
                )
            except sqlite3.IntegrityError:
                raise AccountError(f"user {name} already exists") from None
        return password

    def get(self, name: str) -> Account:
        with self._lock:
            row = self._db.execute(
                "SELECT name, display, role, team, extensions, disabled FROM users WHERE name = ?",
                (name,),
            ).fetchone()
        if row is None:
            raise AccountError(f"no user {name}")
        return _account(row)

    def list(self) -> list[Account]:
        with self._lock:
            rows = self._db.execute(
                "SELECT name, display, role, team, extensions, disabled FROM users ORDER BY name"
            ).fetchall()
        return [_account(row) for row in rows]

    def disable(self, name: str) -> None:
        self.get(name)
        with self._lock:
            self._db.execute("UPDATE users SET disabled = 1 WHERE name = ?", (name,))
            self._db.execute("UPDATE tokens SET revoked = 1 WHERE user = ?", (name,))

    def enable(self, name: str) -> None:
        self.get(name)
        with self._lock:
            self._db.execute("UPDATE users SET disabled = 0 WHERE name = ?", (name,))

    def reset(self, name: str, password: str | None = None) -> str:
        """A new password (generated when not given); every token of the account is revoked."""
        self.get(name)
        password = password or new_password()
        _check_password(password)
        hashed = self._hasher.hash(password)
        with self._lock:
            self._db.execute("UPDATE users SET password_hash = ? WHERE name = ?", (hashed, name))
            self._db.execute("UPDATE tokens SET revoked = 1 WHERE user = ?", (name,))
        return password

    def team_extensions(self, team: str) -> set[str]:
        if not team:
            return set()
        with self._lock:
            rows = self._db.execute(
                "SELECT extensions FROM users WHERE team = ? AND disabled = 0", (team,)
            ).fetchall()
        return {ext for (exts,) in rows for ext in exts.split(",") if ext}

    def scope(self, account: Account) -> Scope:
        own = frozenset(account.extensions)
        visible = set(own)
        if account.role is not Role.OPERATOR:
            visible |= self.team_extensions(account.team)
        return Scope(account.name, account.role, own, frozenset(visible))

    # ---------------------------------------------------------- sign-in
    def authenticate(self, name: str, password: str) -> Account:
        """The account for a correct password; :class:`AuthError` otherwise (same words)."""
        with self._lock:
            row = self._db.execute(
                "SELECT name, display, role, team, extensions, disabled, password_hash FROM users"
                " WHERE name = ?",
                (name,),
            ).fetchone()
        stored = row[6] if row is not None else self._dummy
        try:
            self._hasher.verify(stored, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            raise AuthError("Wrong user name or password") from None
        if row is None:
            raise AuthError("Wrong user name or password")
        account = _account(row[:6])
        if account.disabled:
            raise AuthError(f"The account {name} is disabled; ask your administrator")
        if self._hasher.check_needs_rehash(stored):
            with self._lock:
                self._db.execute(
                    "UPDATE users SET password_hash = ? WHERE name = ?",
                    (self._hasher.hash(password), name),
                )
        return account

    def issue_token(self, name: str, ttl: float | None = None) -> tuple[str, float]:
        """A new bearer token for ``name`` and its expiry (epoch seconds)."""
        token = secrets.token_urlsafe(32)
        now = self._clock()
        expires = now + (ttl if ttl is not None else self.token_ttl)
        with self._lock:
            self._db.execute(
                "INSERT INTO tokens(token_hash, user, created_at, expires_at) VALUES (?, ?, ?, ?)",
                (token_hash(token), name, now, expires),
            )
            self._db.execute("DELETE FROM tokens WHERE expires_at < ?", (now - 86400,))
        return token, expires

    def check_token(self, token: str) -> Session:
        """The session of a valid token; :class:`AuthError` for unknown, expired or revoked."""
        if not token:
            raise AuthError("Not signed in to the Ringside server")
        digest = token_hash(token)
        with self._lock:
            row = self._db.execute(
                "SELECT u.name, u.display, u.role, u.team, u.extensions, u.disabled, t.expires_at,"
                " t.revoked FROM tokens t JOIN users u ON u.name = t.user WHERE t.token_hash = ?",
                (digest,),
            ).fetchone()
        if row is None:
            raise AuthError("The Ringside server does not know this sign-in: sign in again")
        account = _account(row[:6])
        if account.disabled:
            raise AuthError(f"The account {account.name} is disabled; ask your administrator")
        if row[7]:
            raise AuthError(
                "This sign-in was revoked (password reset or signed out): sign in again"
            )
        if row[6] <= self._clock():
            raise AuthError("The sign-in has expired: sign in again")
        return Session(account, digest, float(row[6]))

    def refresh(self, token: str) -> tuple[str, float]:
        """Swap a valid token for a new one (the old one is revoked)."""
        session = self.check_token(token)
        self.revoke(token)
        return self.issue_token(session.account.name)

    def revoke(self, token: str) -> None:
        with self._lock:
            self._db.execute(
                "UPDATE tokens SET revoked = 1 WHERE token_hash = ?", (token_hash(token),)
            )

    def still_valid(self, digests: Iterable[str]) -> set[str]:
        """Which of these token hashes still work (the hub's sweep of open connections)."""
        wanted = list(set(digests))
        valid: set[str] = set()
        now = self._clock()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            with self._lock:
                rows = self._db.execute(
                    f"SELECT t.token_hash FROM tokens t JOIN users u ON u.name = t.user"
                    f" WHERE t.token_hash IN ({marks}) AND t.revoked = 0 AND u.disabled = 0"
                    " AND t.expires_at > ?",
                    (*chunk, now),
                ).fetchall()
            valid.update(digest for (digest,) in rows)
        return valid

    # ------------------------------------------------ idempotent requests
    def begin_request(self, request_id: str, user: str) -> tuple[str, str] | None:
        """Claim ``request_id``; None when new, else ``(state, result)`` of the earlier attempt."""
        with self._lock:
            try:
                self._db.execute(
                    "INSERT INTO requests(request_id, user, state, created_at) VALUES (?, ?, 'pending', ?)",
                    (request_id, user, self._clock()),
                )
            except sqlite3.IntegrityError:
                row = self._db.execute(
                    "SELECT state, result FROM requests WHERE request_id = ?", (request_id,)
                ).fetchone()
                return (str(row[0]), str(row[1])) if row else ("pending", "")
            self._db.execute(
                "DELETE FROM requests WHERE created_at < ?", (self._clock() - 7 * 86400,)
            )
        return None

    def finish_request(self, request_id: str, state: str, result: str) -> None:
        with self._lock:
            self._db.execute(
                "UPDATE requests SET state = ?, result = ? WHERE request_id = ?",
                (state, result, request_id),
            )


def _extensions(values: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for value in values:
        for ext in str(value).replace(" ", ",").split(","):
            if not ext:
                continue
            if not EXTENSION.fullmatch(ext):
                raise AccountError(f"“{ext}” is not a valid extension")
            if ext not in out:
                out.append(ext)
    return tuple(out)


def _check_password(password: str) -> None:
    if len(password) < 8:
        raise AccountError("the password must be at least 8 characters long")


def _account(row: tuple[object, ...]) -> Account:
    name, display, role, team, exts, disabled = row
    return Account(
        str(name),
        str(display),
        Role(str(role)),
        str(team),
        tuple(e for e in str(exts).split(",") if e),
        bool(disabled),
    )
