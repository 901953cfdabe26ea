"""settings.json: round-trip, validation naming the field, unknown keys, atomic writes, no secrets."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

import core.settings as settings_pkg
from core.settings import (
    AppSettings,
    PopupSettings,
    Profile,
    SettingsError,
    SettingsStore,
    describe,
)
from core.settings.paths import config_dir as resolve_config_dir


def full_profile(name: str = "office") -> Profile:
    return Profile(
        name=name,
        ami_host="pbx.example.ru",
        ami_port=5039,
        ami_tls=True,
        ami_user="ringside",
        extension="101",
        endpoint="PJSIP/101",
        originate_context="from-internal-custom",
        caller_id_prefix="CRM",
        region="KZ",
        crm="retailcrm",
        crm_config={
            "url": "https://shop.retailcrm.ru",
            "mapping": {"name": "firstName"},
            "codes": [101],
        },
        popup=PopupSettings(show_for_internal=True, auto_close_seconds=15, position="top-left"),
        dnd_mode="devstate",
        language="ru",
        autostart=True,
        is_supervisor=True,
    )


def test_missing_file_loads_defaults(config_dir: Path) -> None:
    loaded = SettingsStore().load()
    assert loaded == AppSettings()
    assert loaded.active.ami_port == 5038 and loaded.active.originate_context == "from-internal"
    assert not loaded.active.configured and loaded.active.device == ""


def test_round_trip(config_dir: Path) -> None:
    store = SettingsStore()
    saved = AppSettings().with_profile(full_profile(), activate=True)
    store.save(saved)
    assert store.path == config_dir / "settings.json"
    loaded = store.load()
    assert loaded == saved
    assert loaded.active.popup.position == "top-left" and loaded.active.crm_config["codes"] == [101]
    assert loaded.active.configured and loaded.active.device == "PJSIP/101"
    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600
    assert [p.name for p in loaded.profiles] == ["default", "office"]
    assert [p.name for p in loaded.without_profile("office").profiles] == ["default"]


def test_directory_override_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RINGSIDE_CONFIG_DIR", str(tmp_path / "env"))
    assert SettingsStore().directory == tmp_path / "env"
    assert SettingsStore(tmp_path / "arg").directory == tmp_path / "arg"
    monkeypatch.delenv("RINGSIDE_CONFIG_DIR")
    assert resolve_config_dir().name == "ringside"


@pytest.mark.parametrize(
    ("profile_json", "field", "problem"),
    [
        ({"ami_port": 70000}, "profiles[0].ami_port", "between 1 and 65535"),
        ({"ami_port": "5038"}, "profiles[0].ami_port", "type int"),
        ({"dnd_mode": "phone"}, "profiles[0].dnd_mode", "'astdb', 'devstate'"),
        ({"language": "de"}, "profiles[0].language", "one of"),
        ({"ami_user": "admin\r\nAction: Originate"}, "profiles[0].ami_user", "control characters"),
        ({"endpoint": "101"}, "profiles[0].endpoint", "a device like PJSIP/101"),
        ({"region": "russia"}, "profiles[0].region", "two-letter"),
        (
            {"popup": {"auto_close_seconds": -1}},
            "profiles[0].popup.auto_close_seconds",
            "between 0",
        ),
        ({"popup": {"position": "middle"}}, "profiles[0].popup.position", "bottom-right"),
        ({"popup": []}, "profiles[0].popup", "must be an object"),
        ({"autostart": "yes"}, "profiles[0].autostart", "type bool"),
        ({"crm_config": "url"}, "profiles[0].crm_config", "type Mapping"),
    ],
)
def test_validation_errors_name_the_field(
    config_dir: Path, profile_json: dict, field: str, problem: str
) -> None:  # type: ignore[type-arg]
    config_dir.mkdir(parents=True)
    (config_dir / "settings.json").write_text(json.dumps({"profiles": [profile_json]}))
    with pytest.raises(SettingsError) as caught:
        SettingsStore().load()
    assert caught.value.field == field
    assert problem in str(caught.value) and str(config_dir / "settings.json") in str(caught.value)


def test_document_level_errors(config_dir: Path) -> None:
    config_dir.mkdir(parents=True)
    path = config_dir / "settings.json"
    path.write_text('{"profiles": [}')
    with pytest.raises(SettingsError, match=r"not valid JSON \(line 1, column 15"):
        SettingsStore().load()
    path.write_text(json.dumps({"profiles": [{"name": "a"}, {"name": "a"}]}))
    with pytest.raises(SettingsError, match=r"profiles\[1\]\.name: duplicate"):
        SettingsStore().load()
    path.write_text(json.dumps({"profiles": [{"name": "a"}], "active_profile": "b"}))
    with pytest.raises(SettingsError, match="active_profile: no profile named 'b'"):
        SettingsStore().load()


def test_unknown_keys_are_kept(config_dir: Path) -> None:
    config_dir.mkdir(parents=True)
    data = {
        "version": 3,
        "window": {"w": 800},
        "active_profile": "default",
        "profiles": [{"name": "default", "future_option": [1, 2], "popup": {"theme": "dark"}}],
    }
    (config_dir / "settings.json").write_text(json.dumps(data))
    store = SettingsStore()
    loaded = store.load()
    assert loaded.active.extras == {"future_option": [1, 2]}
    store.save(
        loaded.with_profile(
            Profile(
                name="default",
                extension="102",
                extras=loaded.active.extras,
                popup=loaded.active.popup,
            )
        )
    )
    written = json.loads((config_dir / "settings.json").read_text())
    assert written["window"] == {"w": 800} and written["version"] == 1
    assert written["profiles"][0]["future_option"] == [1, 2]
    assert written["profiles"][0]["popup"]["theme"] == "dark"
    assert written["profiles"][0]["extension"] == "102"


def test_secrets_are_refused_on_save_and_load(config_dir: Path) -> None:
    store = SettingsStore()
    leaky = AppSettings().with_profile(
        Profile(crm_config={"url": "https://x", "api_key": "S3CR3T"})
    )
    with pytest.raises(SettingsError) as caught:
        store.save(leaky)
    assert caught.value.field == "profiles[0].crm_config.api_key"
    assert "S3CR3T" not in str(caught.value)
    assert not store.path.exists()
    nested = Profile(
        extras={"auth": {"password": "pw"}}, crm_config={"token_ttl": None, "use_token": True}
    )
    with pytest.raises(SettingsError, match=r"profiles\[0\]\.auth\.password"):
        store.save(AppSettings(profiles=(nested,)))
    config_dir.mkdir(parents=True)
    store.path.write_text(json.dumps({"profiles": [{"ami_secret": "hunter2"}]}))
    with pytest.raises(
        SettingsError, match=r"profiles\[0\]\.ami_secret: looks like a secret"
    ) as caught:
        store.load()
    assert "hunter2" not in str(caught.value)


def test_save_is_atomic(config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = SettingsStore()
    store.save(AppSettings().with_profile(Profile(extension="101")))
    before = store.path.read_bytes()

    def crash(src: str, dst: str) -> None:
        raise OSError("power cut")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="power cut"):
        store.save(AppSettings().with_profile(Profile(extension="999")))
    assert store.path.read_bytes() == before
    assert sorted(p.name for p in config_dir.iterdir()) == ["settings.json"]  # no temp file left


def test_load_save_and_module_helpers(config_dir: Path) -> None:
    store = SettingsStore()
    store.save(AppSettings().with_profile(full_profile(), activate=True))
    assert store.load().active.name == "office"
    assert settings_pkg.load().active.name == "office"
    saved = settings_pkg.save_profile(Profile(name="home", extension="555"))
    assert settings_pkg.load() == saved and saved.active_profile == "office"


def test_profile_is_immutable_and_hashable() -> None:
    profile = full_profile()
    with pytest.raises(AttributeError):
        profile.ami_port = 1  # type: ignore[misc]
    with pytest.raises(TypeError):
        profile.crm_config["url"] = "x"  # type: ignore[index]
    assert hash(profile) == hash(full_profile())


def test_every_setting_is_described() -> None:
    described = {d.name: d for d in describe(Profile)}
    assert described["ami_port"].default == 5038 and described["ami_port"].type is int
    assert described["crm_config"].default == {}
    assert all(d.description for d in described.values())
    assert "extras" not in described
    assert {d.name for d in describe(PopupSettings)} == {
        "show_for_internal",
        "auto_close_seconds",
        "position",
    }
