"""Site configuration: precedence, types, refused keys and the site folder checks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from trousse import config
from trousse.config import BY_NAME, GIB, SETTINGS, ConfigError


def site(tmp_path: Path, toml: str | None = None) -> dict[str, str]:
    """Return an environment naming a site folder in ``tmp_path``, with ``toml`` as its trousse.toml."""
    home = tmp_path / "site"
    home.mkdir(exist_ok=True)
    if toml is not None:
        (home / config.CONFIG_FILENAME).write_text(toml, encoding="utf-8")
    return {"TROUSSE_HOME": str(home)}


# --- precedence ---------------------------------------------------------------------------------


def test_without_a_file_or_variables_every_setting_has_its_declared_default(tmp_path):
    values = config.load(site(tmp_path))
    home = tmp_path / "site"
    for setting in SETTINGS:
        if setting.name == "home":
            assert values["home"] == str(home.resolve())
        elif setting.name == "media_root":
            assert values["media_root"] == str(home.resolve() / "files")  # blank means files/ in the site
        else:
            assert values[setting.name] == setting.default, setting.name
    assert set(values) == set(BY_NAME)


def test_the_file_overrides_defaults_and_the_environment_overrides_the_file(tmp_path):
    env = site(tmp_path, 'site_url = "https://data.example.ca"\nweb_workers = 4\nrequire_review = false\n'
                         'allowed_hosts = ["data.example.ca"]\nmunicipality_fr = "Ville"\n')
    from_file = config.load(env)
    assert (from_file["site_url"], from_file["web_workers"], from_file["require_review"]) == (
        "https://data.example.ca", 4, False)
    assert from_file["allowed_hosts"] == ["data.example.ca"]
    assert from_file["municipality_en"] == ""  # not in the file: still the default

    env.update({"TROUSSE_WEB_WORKERS": "8", "TROUSSE_REQUIRE_REVIEW": "oui",
                "TROUSSE_ALLOWED_HOSTS": " data.example.ca , portail.example.ca ,", "TROUSSE_DEBUG": "0"})
    both = config.load(env)
    assert (both["web_workers"], both["require_review"], both["debug"]) == (8, True, False)
    assert both["allowed_hosts"] == ["data.example.ca", "portail.example.ca"]
    assert both["site_url"] == "https://data.example.ca"  # no variable: the file still wins over the default
    assert both["municipality_fr"] == "Ville"


def test_an_empty_variable_still_overrides_the_file(tmp_path):
    env = site(tmp_path, 'database_url = "postgres://db/trousse"\n')
    env["TROUSSE_DATABASE_URL"] = ""
    assert config.load(env)["database_url"] == ""


def test_variables_without_the_prefix_or_for_unknown_settings_are_ignored(tmp_path):
    env = site(tmp_path) | {"DEBUG": "true", "TROUSSE_NO_SUCH_THING": "1", "trousse_debug": "true"}
    values = config.load(env)
    assert values["debug"] is False
    assert "no_such_thing" not in values


def test_the_site_folder_comes_from_trousse_home_made_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert config.home_from_env({"TROUSSE_HOME": "sites/../here"}) == tmp_path / "here"
    assert config.home_from_env({}) == tmp_path / "trousse-data"
    assert config.load({})["media_root"] == str(tmp_path / "trousse-data" / "files")


def test_a_media_root_given_is_kept(tmp_path):
    env = site(tmp_path, 'media_root = "/srv/trousse/files"\n')
    assert config.load(env)["media_root"] == "/srv/trousse/files"


@pytest.mark.parametrize(("raw", "expected"), [
    ("true", True), ("1", True), ("YES", True), ("on", True), ("vrai", True), ("oui", True),
    ("false", False), ("0", False), ("no", False), ("off", False), ("faux", False), ("non", False),
    ("", False), (" True ", True),
])
def test_booleans_read_from_the_environment(tmp_path, raw, expected):
    assert config.load(site(tmp_path) | {"TROUSSE_DEBUG": raw})["debug"] is expected


def test_numbers_may_use_underscores(tmp_path):
    assert config.load(site(tmp_path))["max_upload_bytes"] == GIB
    env = site(tmp_path) | {"TROUSSE_MAX_UPLOAD_BYTES": "2_000_000"}
    assert config.load(env)["max_upload_bytes"] == 2_000_000
    assert config.load(site(tmp_path, "max_upload_bytes = 5_000\n"))["max_upload_bytes"] == 5000


# --- refused values -----------------------------------------------------------------------------


@pytest.mark.parametrize(("variable", "raw", "setting"), [
    ("TROUSSE_DEBUG", "maybe", "debug"),
    ("TROUSSE_REQUIRE_REVIEW", "2", "require_review"),
    ("TROUSSE_WEB_WORKERS", "four", "web_workers"),
    ("TROUSSE_WEB_WORKERS", "2.5", "web_workers"),
    ("TROUSSE_WEB_WORKERS", "-1", "web_workers"),
    ("TROUSSE_MAX_UPLOAD_BYTES", "1GB", "max_upload_bytes"),
    ("TROUSSE_MAX_UPLOAD_BYTES", "0", "max_upload_bytes"),
    ("TROUSSE_DEFAULT_LANGUAGE", "de", "default_language"),
    ("TROUSSE_LOG_LEVEL", "LOUD", "log_level"),
])
def test_a_malformed_variable_names_its_setting(tmp_path, variable, raw, setting):
    with pytest.raises(ConfigError) as raised:
        config.load(site(tmp_path) | {variable: raw})
    assert raised.value.setting == setting
    assert str(raised.value).startswith(f"{setting}: ")


@pytest.mark.parametrize(("toml", "setting"), [
    ('debug = "sometimes"\n', "debug"),
    ("web_workers = true\n", "web_workers"),
    ('web_workers = "many"\n', "web_workers"),
    ("allowed_hosts = 3\n", "allowed_hosts"),
    ('site_url = ["https://a.example"]\n', "site_url"),
    ("secret_key = { value = 'x' }\n", "secret_key"),
    ('default_language = "es"\n', "default_language"),
])
def test_a_wrongly_typed_value_in_the_file_names_its_setting(tmp_path, toml, setting):
    with pytest.raises(ConfigError) as raised:
        config.load(site(tmp_path, toml))
    assert raised.value.setting == setting


def test_an_unknown_key_in_the_file_is_refused_with_its_name(tmp_path):
    env = site(tmp_path, 'site_url = "https://x.example"\nsecrit_key = "typo"\nzz_top = 1\n')
    with pytest.raises(ConfigError) as raised:
        config.load(env)
    assert raised.value.setting == str(tmp_path / "site" / config.CONFIG_FILENAME)
    assert "secrit_key, zz_top" in raised.value.message


def test_a_file_that_is_not_toml_is_refused(tmp_path):
    with pytest.raises(ConfigError) as raised:
        config.load(site(tmp_path, "site_url = https://unquoted.example\n"))
    assert "not valid TOML" in raised.value.message
    (tmp_path / "site" / config.CONFIG_FILENAME).write_bytes(b"site_url = \"\xff\xfe\"\n")
    with pytest.raises(ConfigError):
        config.load(site(tmp_path))


def test_a_variable_replaces_a_wrongly_typed_value_in_the_file_but_not_an_unknown_key(tmp_path):
    """Only the value in force is converted; the file's keys are always checked."""
    env = site(tmp_path, "web_workers = true\n") | {"TROUSSE_WEB_WORKERS": "3"}
    assert config.load(env)["web_workers"] == 3  # the file's value is never converted
    env = site(tmp_path, "no_such = true\n") | {"TROUSSE_WEB_WORKERS": "3"}
    with pytest.raises(ConfigError):
        config.load(env)


# --- the site folder ----------------------------------------------------------------------------


def test_a_usable_site_folder_passes(tmp_path):
    config.check_home(tmp_path)


def test_a_missing_site_folder_is_refused_unless_it_is_about_to_be_created(tmp_path):
    missing = tmp_path / "nowhere"
    with pytest.raises(ConfigError) as raised:
        config.check_home(missing)
    assert raised.value.setting == "home"
    assert "trousse init" in raised.value.message
    config.check_home(missing, must_exist=False)


def test_a_file_in_place_of_the_site_folder_is_refused(tmp_path):
    a_file = tmp_path / "site"
    a_file.write_text("not a folder")
    for must_exist in (True, False):
        with pytest.raises(ConfigError) as raised:
            config.check_home(a_file, must_exist=must_exist)
        assert raised.value.setting == "home"
        assert "is not a folder" in raised.value.message


def test_a_site_folder_under_a_file_cannot_exist(tmp_path):
    """A path through a file: unusable whoever runs it (root included, who ignores permissions)."""
    a_file = tmp_path / "plain.txt"
    a_file.write_text("")
    with pytest.raises(ConfigError) as raised:
        config.check_home(a_file / "site")
    assert raised.value.setting == "home"


def test_a_site_folder_this_user_cannot_write_is_refused(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("this user writes to read-only folders anyway (root)")
        with pytest.raises(ConfigError) as raised:
            config.check_home(folder)
        assert raised.value.setting == "home"
        assert "not writable" in raised.value.message
    finally:
        folder.chmod(0o700)


def test_the_initial_file_holds_a_fresh_secret_key_readable_only_by_its_owner(tmp_path):
    path = config.write_initial_file(tmp_path, {"municipality_en": "Riverton"})
    assert path.stat().st_mode & 0o777 == 0o600
    values = config.load({"TROUSSE_HOME": str(tmp_path)})
    assert len(values["secret_key"]) >= 50
    assert values["municipality_en"] == "Riverton"
    other = tmp_path / "other"
    other.mkdir()
    config.write_initial_file(other)
    assert config.load({"TROUSSE_HOME": str(other)})["secret_key"] != values["secret_key"]
    # An existing file is never replaced.
    path.write_text('secret_key = "kept"\n')
    config.write_initial_file(tmp_path)
    assert config.load({"TROUSSE_HOME": str(tmp_path)})["secret_key"] == "kept"
