"""The site folder: create it, edit its trousse.toml, and open it with Django when a command needs it."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from trousse import config

SETTINGS_MODULE = "trousse.portal.settings"
STATIC_MANIFEST = "staticfiles.json"  # written by collectstatic with the hashed-names storage


def resolve_home(directory: str | os.PathLike[str] | None = None) -> Path:
    """Return the site folder (``directory``, else TROUSSE_HOME, else ./trousse-data) and name it for Django."""
    if directory is None:
        return config.home_from_env()
    home = Path(directory).expanduser().resolve()
    # Django's settings read the site folder from the environment when they are first imported.
    os.environ[config.BY_NAME["home"].env_var] = str(home)
    return home


def create_site_folder(home: Path, values: Mapping[str, Any] | None = None) -> tuple[Path, bool]:
    """Create ``home`` and its trousse.toml (with a new secret key) unless they exist; return (file, created)."""
    config.check_home(home, must_exist=False)
    try:
        home.mkdir(mode=0o750, parents=True, exist_ok=True)
    except OSError as exc:
        raise config.ConfigError("home", f"cannot create the site folder {home}: {exc.strerror}") from None
    path = home / config.CONFIG_FILENAME
    created = not path.exists()
    try:
        config.write_initial_file(home, {k: v for k, v in (values or {}).items() if v})
    except OSError as exc:
        raise config.ConfigError("home", f"cannot write {path}: {exc.strerror}") from None
    return path, created


def set_file_values(home: Path, values: Mapping[str, Any]) -> dict[str, Any]:
    """Write ``values`` into the site's trousse.toml, keeping its other settings; return what changed."""
    import tomli_w

    path = home / config.CONFIG_FILENAME
    current = config.read_file(home)  # also refuses a file with unknown settings
    for name in values:
        if name not in config.BY_NAME:
            raise config.ConfigError(name, "is not a Trousse setting")
    changed = {k: v for k, v in values.items() if current.get(k) != v}
    if not changed:
        return {}
    header = _leading_comments(path)
    # Write beside, then rename: a crash never leaves a half-written file holding the secret key.
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(header + tomli_w.dumps({**current, **changed}))
    os.replace(temporary, path)
    return changed


def _leading_comments(path: Path) -> str:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True) if path.exists() else []:
        if not line.startswith("#"):
            break
        lines.append(line)
    return "".join(lines)


def open_site(*, require_secret_key: bool = False) -> dict[str, Any]:
    """Check the configuration and the site folder, then set up Django; return the typed settings."""
    values = config.load()
    config.check_home(Path(values["home"]))
    if require_secret_key and not str(values["secret_key"]).strip():
        raise config.ConfigError("secret_key", "is blank; `trousse init` writes one into trousse.toml, "
                                 "or set TROUSSE_SECRET_KEY (the same on every server of a site)")
    setup_django()
    return values


def setup_django() -> None:
    """Import the portal's settings and load its apps (once per process)."""
    import django
    from django.apps import apps

    if apps.ready:  # already set up (a test run, or a second command in one process): keep its logging
        return
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
    django.setup()


def pending_migrations() -> list[str]:
    """Return the migrations not yet applied to the database, as app.name."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def migrate() -> list[str]:
    """Apply the pending migrations; return their names."""
    from django.core.management import call_command

    pending = pending_migrations()
    # Run even with nothing pending: migrate's post_migrate signal refreshes the themes and licences
    # from the engine's registries, which an upgrade can change without any migration.
    call_command("migrate", interactive=False, verbosity=0)
    return pending


def static_root() -> Path:
    """Return the folder collectstatic fills and WhiteNoise serves."""
    from django.conf import settings

    return Path(settings.STATIC_ROOT)


def has_static_manifest() -> bool:
    """Return whether collectstatic has run into the site's static folder."""
    return (static_root() / STATIC_MANIFEST).is_file()


def collect_static() -> int:
    """Copy every app's static files into the site's static folder; return how many were copied."""
    from django.contrib.staticfiles.management.commands.collectstatic import Command
    from django.core.management import call_command

    command = Command()
    call_command(command, interactive=False, verbosity=0)
    return len(command.copied_files) + len(command.symlinked_files)


def describe_database() -> str:
    """Return the database in words, without its password."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        return f"SQLite {database['NAME']}"
    return f"{database['ENGINE'].rsplit('.', 1)[-1]} {database.get('NAME', '')} on {database.get('HOST') or 'localhost'}"
