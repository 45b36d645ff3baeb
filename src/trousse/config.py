"""Site configuration: every setting declared once, read from trousse.toml and TROUSSE_* variables.

Precedence, lowest first: the declared default, the site's ``trousse.toml``,
then the environment variable ``TROUSSE_<NAME>``. The declarations below are
the single source of truth: docs/reference/settings.md is generated from them
and a test fails when the two drift apart.
"""

from __future__ import annotations

import os
import secrets
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CONFIG_FILENAME = "trousse.toml"
ENV_PREFIX = "TROUSSE_"
GIB = 1024**3


class ConfigError(Exception):
    """A configuration value is missing, malformed, or points somewhere unusable."""

    def __init__(self, setting: str, message: str) -> None:
        super().__init__(f"{setting}: {message}")
        self.setting = setting
        self.message = message


@dataclass(frozen=True)
class Setting:
    name: str
    type: str  # str | int | bool | list | path
    default: Any
    description: str
    secret: bool = False

    @property
    def env_var(self) -> str:
        return ENV_PREFIX + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("home", "path", "./trousse-data", "Site folder: configuration, SQLite database and local files."),
    Setting("secret_key", "str", "", "Django secret key; `trousse init` generates one into trousse.toml.",
            secret=True),
    Setting("debug", "bool", False, "Show debug pages on errors. Never in production."),
    Setting("database_url", "str", "",
            "Database URL, e.g. postgres://user:pass@host:5432/trousse. Blank: SQLite in the site folder."),
    Setting("allowed_hosts", "list", ["127.0.0.1", "localhost", "[::1]"],
            "Host names this site answers to (comma-separated in the environment)."),
    Setting("csrf_trusted_origins", "list", [],
            "Origins trusted for form posts behind a proxy, e.g. https://data.example.ca."),
    Setting("site_url", "str", "http://127.0.0.1:8000",
            "Public base URL, used in feeds, citations and e-mails."),
    Setting("municipality_en", "str", "", "The municipality's name in English."),
    Setting("municipality_fr", "str", "", "The municipality's name in French."),
    Setting("default_language", "str", "en", "Language of the home page for visitors without a preference."),
    Setting("time_zone", "str", "America/Toronto", "Local time zone for dates shown on pages."),
    Setting("require_review", "bool", True,
            "Datasets go through a reviewer before publication. Off: editors publish directly."),
    Setting("max_upload_bytes", "int", GIB, "Largest accepted upload, in bytes (default 1 GiB)."),
    Setting("media_root", "path", "", "Folder for uploaded files when no object storage is set. "
            "Blank: files/ in the site folder."),
    Setting("s3_bucket", "str", "", "S3-compatible bucket for uploaded files. Blank: local files."),
    Setting("s3_endpoint_url", "str", "", "S3 endpoint for non-AWS services (MinIO, Ceph, OVH, …)."),
    Setting("s3_region", "str", "", "S3 region name."),
    Setting("s3_access_key_id", "str", "", "S3 access key id.", secret=True),
    Setting("s3_secret_access_key", "str", "", "S3 secret access key.", secret=True),
    Setting("web_workers", "int", 2, "Web processes started by `trousse serve`."),
    Setting("log_level", "str", "INFO", "Logging level: DEBUG, INFO, WARNING or ERROR."),
    Setting("api_rate_anon", "str", "60/minute",
            "Calls per client address to expensive API actions (search, DataStore, exports), as N/second, "
            "N/minute, N/hour or N/day. Blank: no limit."),
    Setting("api_rate_token", "str", "600/minute",
            "Calls per API token (or signed-in user) to expensive API actions. Blank: no limit."),
    Setting("trusted_proxies", "list", [],
            "Addresses of load balancers or proxies on other machines whose X-Forwarded-For header is believed "
            "(for the API's per-address rate limit). A proxy on this machine (loopback) is always trusted."),
    Setting("datastore_timeout_seconds", "int", 10,
            "Longest a DataStore API query (datastore_search, datastore_search_sql) may run, in seconds."),
    Setting("datastore_memory_limit", "str", "512MB",
            "Memory a DataStore API query may use (DuckDB size: 256MB, 1GB…); beyond it the query fails."),
    Setting("datastore_max_rows", "int", 32000,
            "Most records one DataStore API call returns (datastore_search's largest limit, "
            "datastore_search_sql's row cap). Full exports (/datastore/dump/) are not capped."),
    Setting("feed_page_size", "int", 100,
            "Datasets per page of the DCAT catalogue feeds (/catalog.ttl…), 1 to 1000."),
    Setting("map_basemap_url", "str", "",
            "Basemap tile URL template under the previews' maps, e.g. https://tiles.example.ca/{z}/{x}/{y}.png "
            "(https only; its host is added to the pages' image sources). Blank: no basemap, features only."),
    Setting("map_basemap_attribution", "str", "",
            "Credit shown under maps drawn on the basemap, e.g. © OpenStreetMap contributors."),
    Setting("privacy_small_cell_threshold", "int", 5,
            "Privacy screen: counts of an aggregate table under this are small cells (re-identification risk)."),
    Setting("privacy_k_threshold", "int", 5,
            "Privacy screen: rows sharing their quasi-identifier values with fewer than this many rows are at "
            "risk (k-anonymity)."),
    Setting("privacy_screen_seconds", "int", 600,
            "Privacy screen: longest it may run on one table, in seconds; a screen that times out keeps the "
            "version unpublished (fail closed)."),
    Setting("privacy_screen_memory_limit", "str", "2GB",
            "Privacy screen and de-identification: memory one table may use (DuckDB size: 512MB, 2GB…)."),
    Setting("email_backend", "str", "console",
            "How e-mail is sent: smtp, console (printed in the log), file (written under mail/ in the site "
            "folder) or locmem (kept in memory, tests)."),
    Setting("email_host", "str", "localhost", "SMTP server for e-mail (email_backend = smtp)."),
    Setting("email_port", "int", 25, "SMTP port."),
    Setting("email_user", "str", "", "SMTP user name (blank: no authentication)."),
    Setting("email_password", "str", "", "SMTP password.", secret=True),
    Setting("email_tls", "bool", False, "Use STARTTLS with the SMTP server."),
    Setting("email_from", "str", "trousse@localhost",
            "Sender address of the site's e-mails (privacy notices to stewards and reviewers)."),
)
BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}

_TRUE = {"1", "true", "yes", "on", "oui", "vrai"}
_FALSE = {"0", "false", "no", "off", "non", "faux", ""}


def _as_bool(setting: Setting, raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ConfigError(setting.name, f"expected true or false, got {raw!r}")


def _as_int(setting: Setting, raw: Any) -> int:
    if isinstance(raw, bool):
        raise ConfigError(setting.name, f"expected a whole number, got {raw!r}")
    try:
        value = int(str(raw).strip().replace("_", ""))
    except ValueError:
        raise ConfigError(setting.name, f"expected a whole number, got {raw!r}") from None
    if value < 0:
        raise ConfigError(setting.name, f"must not be negative, got {value}")
    return value


def _as_list(setting: Setting, raw: Any) -> list[str]:
    if isinstance(raw, list):
        items = raw
    elif isinstance(raw, str):
        items = raw.split(",")
    else:
        raise ConfigError(setting.name, f"expected a list of strings, got {raw!r}")
    return [str(item).strip() for item in items if str(item).strip()]


def _as_str(setting: Setting, raw: Any) -> str:
    if isinstance(raw, (dict, list)):
        raise ConfigError(setting.name, f"expected a string, got {raw!r}")
    return str(raw)


_CONVERTERS: dict[str, Callable[[Setting, Any], Any]] = {
    "bool": _as_bool, "int": _as_int, "list": _as_list, "str": _as_str, "path": _as_str,
}


def home_from_env(environ: Mapping[str, str] | None = None) -> Path:
    """Return the site folder named by TROUSSE_HOME (or the default), made absolute."""
    environ = os.environ if environ is None else environ
    return Path(environ.get(BY_NAME["home"].env_var) or BY_NAME["home"].default).expanduser().resolve()


def read_file(home: Path) -> dict[str, Any]:
    """Return the settings in the site's trousse.toml, or {} when there is none."""
    path = home / CONFIG_FILENAME
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), f"is not valid TOML: {exc}") from None
    unknown = sorted(set(data) - set(BY_NAME))
    if unknown:
        raise ConfigError(str(path), f"unknown setting(s): {', '.join(unknown)}")
    return data


def load(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Return every declared setting, typed, from defaults, trousse.toml and the environment."""
    environ = os.environ if environ is None else environ
    home = home_from_env(environ)
    from_file = read_file(home)
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        raw = setting.default
        if setting.name in from_file:
            raw = from_file[setting.name]
        if setting.env_var in environ:
            raw = environ[setting.env_var]
        values[setting.name] = _CONVERTERS[setting.type](setting, raw)
    values["home"] = str(home)
    if not values["media_root"]:
        values["media_root"] = str(home / "files")
    if values["default_language"] not in ("en", "fr"):
        raise ConfigError("default_language", f"must be en or fr, got {values['default_language']!r}")
    if values["log_level"].upper() not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise ConfigError("log_level", f"must be DEBUG, INFO, WARNING or ERROR, got {values['log_level']!r}")
    if values["max_upload_bytes"] == 0:
        raise ConfigError("max_upload_bytes", "must be greater than zero")
    if values["email_backend"] not in ("smtp", "console", "file", "locmem"):
        raise ConfigError("email_backend", f"must be smtp, console, file or locmem, got {values['email_backend']!r}")
    if values["privacy_k_threshold"] < 2 or values["privacy_small_cell_threshold"] < 1:
        raise ConfigError("privacy_k_threshold", "the k threshold must be at least 2 and the small-cell one at least 1")
    if not 1 <= values["feed_page_size"] <= 1000:
        raise ConfigError("feed_page_size", f"must be from 1 to 1000, got {values['feed_page_size']}")
    return values


def check_home(home: Path, *, must_exist: bool = True) -> None:
    """Raise ConfigError unless ``home`` is a usable site folder."""
    if home.exists() and not home.is_dir():
        raise ConfigError("home", f"{home} is not a folder")
    if not home.exists():
        if must_exist:
            raise ConfigError("home", f"the site folder {home} does not exist; create it with `trousse init`")
        return
    if not os.access(home, os.W_OK | os.X_OK):
        raise ConfigError("home", f"the site folder {home} is not writable by this user")


def write_initial_file(home: Path, overrides: Mapping[str, Any] | None = None) -> Path:
    """Create trousse.toml in ``home`` with a fresh secret key; keep an existing file untouched."""
    import tomli_w

    path = home / CONFIG_FILENAME
    if path.exists():
        return path
    data: dict[str, Any] = {"secret_key": secrets.token_urlsafe(50)}
    data.update(overrides or {})
    path.write_text("# Trousse site configuration: see docs/reference/settings.md\n" + tomli_w.dumps(data),
                    encoding="utf-8")
    path.chmod(0o600)
    return path


def render_reference() -> str:
    """Return docs/reference/settings.md, generated from the declarations above."""
    lines = [
        "# Settings reference",
        "",
        "<!-- Generated by `python -m trousse.config > docs/reference/settings.md`; a test keeps it current. -->",
        "",
        f"Each setting can be written in the site's `{CONFIG_FILENAME}` (as `name = value`) or given as an",
        f"environment variable (`{ENV_PREFIX}NAME`), which wins. Lists are comma-separated in the environment.",
        "",
        "| setting | environment variable | type | default | description |",
        "| --- | --- | --- | --- | --- |",
    ]
    for s in SETTINGS:
        default = "(generated)" if s.secret and s.name == "secret_key" else (
            ", ".join(s.default) if isinstance(s.default, list) else str(s.default))
        lines.append(f"| `{s.name}` | `{s.env_var}` | {s.type} | `{default}` | {s.description} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render_reference(), end="")
