"""Hub accounts (SQLite + argon2) and ``ringside gateway users ...``."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cli.main import main
from core.hub.scope import Role
from gateway.hub.accounts import AccountError, Accounts, AuthError, token_hash
from tests.hub.support import FAST_HASH


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def test_passwords_are_argon2_hashes_and_tokens_are_stored_hashed(tmp_path: Path) -> None:
    accounts = Accounts(tmp_path / "hub.sqlite3", hasher=FAST_HASH)
    password = accounts.add("101", display="Operator 101")
    assert len(password) >= 16
    assert accounts.authenticate("101", password).extensions == ("101",)  # `add 101`: acts as 101
    token, _expires = accounts.issue_token("101")
    accounts.close()
    db = sqlite3.connect(tmp_path / "hub.sqlite3")
    stored = db.execute("SELECT password_hash FROM users").fetchone()[0]
    tokens = [row[0] for row in db.execute("SELECT token_hash FROM tokens")]
    db.close()
    assert stored.startswith("$argon2id$") and password not in stored
    assert token not in tokens and len(tokens[0]) == 64


def test_sign_in_refusals_do_not_say_which_part_was_wrong(tmp_path: Path) -> None:
    accounts = Accounts(tmp_path / "hub.sqlite3", hasher=FAST_HASH)
    accounts.add("101", password="secret-101")
    for user, password in (("101", "wrong-pass"), ("999", "secret-101")):
        with pytest.raises(AuthError, match=r"^Wrong user name or password$"):
            accounts.authenticate(user, password)
    accounts.disable("101")
    with pytest.raises(AuthError, match="disabled"):
        accounts.authenticate("101", "secret-101")
    accounts.enable("101")
    assert accounts.authenticate("101", "secret-101").name == "101"


def test_tokens_expire_refresh_and_are_revoked_by_disable_and_reset(tmp_path: Path) -> None:
    clock = Clock()
    accounts = Accounts(tmp_path / "hub.sqlite3", hasher=FAST_HASH, clock=clock, token_ttl=600)
    accounts.add("101", password="secret-101")
    token, expires = accounts.issue_token("101")
    assert expires == clock.now + 600 and accounts.check_token(token).account.name == "101"
    fresh, _ = accounts.refresh(token)
    with pytest.raises(AuthError, match="revoked"):
        accounts.check_token(token)  # the old one stops working
    clock.now += 601
    with pytest.raises(AuthError, match="expired"):
        accounts.check_token(fresh)
    live, _ = accounts.issue_token("101")
    hashes = [token_hash(t) for t in (token, fresh, live)]
    assert accounts.still_valid(hashes) == {token_hash(live)}  # the hub's sweep keeps only this one
    accounts.reset("101", "another-secret")
    with pytest.raises(AuthError, match="revoked"):
        accounts.check_token(live)
    live, _ = accounts.issue_token("101")
    accounts.disable("101")
    with pytest.raises(AuthError, match="disabled"):
        accounts.check_token(live)


def test_scopes_from_teams(tmp_path: Path) -> None:
    accounts = Accounts(tmp_path / "hub.sqlite3", hasher=FAST_HASH)
    accounts.add("101", team="sales", password="secret-101")
    accounts.add("102", team="sales", password="secret-102")
    accounts.add("103", team="support", password="secret-103")
    accounts.add(
        "anna", role="supervisor", team="sales", extensions=["150"], password="secret-anna"
    )
    accounts.add("root", role="admin", password="secret-root")
    anna = accounts.scope(accounts.get("anna"))
    assert (
        anna.role is Role.SUPERVISOR
        and anna.own == {"150"}
        and anna.visible == {"101", "102", "150"}
    )
    assert accounts.scope(accounts.get("101")).visible == {"101"}
    assert accounts.scope(accounts.get("root")).sees_all
    accounts.disable("102")
    assert accounts.scope(accounts.get("anna")).visible == {"101", "150"}


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"name": "bob"}, "operator bob needs --extension"),
        ({"name": "anna", "role": "supervisor"}, "supervisor anna needs --team"),
        ({"name": "x y"}, "not a valid user name"),
        ({"name": "101", "role": "root"}, "unknown role"),
        ({"name": "101", "extensions": ["10;1"]}, "not a valid extension"),
        ({"name": "101", "password": "short"}, "at least 8 characters"),
    ],
)
def test_bad_accounts_are_refused_in_words(
    tmp_path: Path, kwargs: dict[str, object], words: str
) -> None:
    accounts = Accounts(tmp_path / "hub.sqlite3", hasher=FAST_HASH)
    name = str(kwargs.pop("name"))
    with pytest.raises(AccountError, match=words):
        accounts.add(name, **kwargs)  # type: ignore[arg-type]


def test_users_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "gateway.toml"
    config.write_text(f'[server]\ndata_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    base = ["gateway", "--config", str(config), "users"]  # also: gateway users --config FILE ...
    assert main([*base, "add", "101", "--name", "Operator 101", "--role", "operator"]) == 0
    out = capsys.readouterr().out
    assert "added 101 (operator, extensions 101)" in out
    password = out.split("password: ")[1].split()[0]
    assert (
        main(
            [*base, "add", "anna", "--role", "supervisor", "--team", "sales", "--extension", "150"]
        )
        == 0
    )
    assert main([*base, "add", "101", "--role", "operator"]) == 1
    assert "user 101 already exists" in capsys.readouterr().err
    assert main([*base, "list"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[0].split()[:5] == ["101", "operator", "101", "-", "active"]
    assert listing[1].split()[:5] == ["anna", "supervisor", "150", "sales", "active"]
    accounts = Accounts(tmp_path / "data" / "hub.sqlite3")
    assert accounts.authenticate("101", password).display == "Operator 101"
    accounts.close()
    assert main([*base, "disable", "101"]) == 0
    assert main([*base, "reset", "101"]) == 0
    new = capsys.readouterr().out.split("password: ")[1].split()[0]
    assert main([*base, "list"]) == 0
    assert "disabled" in capsys.readouterr().out.splitlines()[0]
    accounts = Accounts(tmp_path / "data" / "hub.sqlite3")
    with pytest.raises(AuthError, match="disabled"):
        accounts.authenticate("101", new)
    accounts.close()
    assert main(["gateway", "users", "list"]) == 2
    assert "--config FILE is required" in capsys.readouterr().err
    assert (
        main(["gateway", "users", "--config", str(config), "enable", "101"]) == 0
    )  # --config after too
