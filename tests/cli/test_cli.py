"""The `trousse` command: init, serve, createadmin, manage, demo, and configuration errors.

Commands that set up a site run in a subprocess (Django reads its settings once per process);
commands that stop at the configuration, or that work on the test database, run in-process.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import trousse
from trousse.cli.main import cli
from trousse.cli.serve import gunicorn_options, server_url


def trousse_command() -> list[str]:
    """Return the installed console script, or the module when the script is not installed."""
    script = Path(sys.executable).with_name("trousse")
    return [str(script)] if script.exists() else [sys.executable, "-m", "trousse.cli"]


def site_env(home: Path, **extra: str) -> dict[str, str]:
    """Return an environment naming ``home`` as the site, without the caller's TROUSSE_* settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TROUSSE_")}
    env.update(TROUSSE_HOME=str(home), **extra)
    return env


def runner(home: Path, **extra: str) -> CliRunner:
    """Return a CliRunner for in-process commands on ``home``, with the caller's TROUSSE_* settings unset."""
    env: dict[str, str | None] = {k: None for k in os.environ if k.startswith("TROUSSE_")}
    env.update(TROUSSE_HOME=str(home), **extra)
    return CliRunner(env=env)


def run(args: list[str], env: dict[str, str], timeout: float = 60, **kwargs: object) -> subprocess.CompletedProcess:
    return subprocess.run([*trousse_command(), *args], env=env, capture_output=True, text=True, check=False,
                          timeout=timeout, **kwargs)  # type: ignore[call-overload]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site made by `trousse init`, as a first-time user would (TROUSSE_HOME set, no DIR)."""
    home = tmp_path_factory.mktemp("site") / "trousse-site"
    result = run(["init"], site_env(home))
    assert result.returncode == 0, result.stderr
    return home


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- trousse --version, lazy Django ---------------------------------------------------------------


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"trousse, version {trousse.__version__}"


def test_commands_that_need_no_site_do_not_import_django() -> None:
    code = ("import sys\nfrom trousse.cli.main import cli\n"
            "for args in (['--version'], ['--help'], ['serve', '--help']):\n"
            "    try:\n        cli.main(args, prog_name='trousse')\n    except SystemExit:\n        pass\n"
            "print('DJANGO' if 'django' in sys.modules else 'NO DJANGO')")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=False)
    assert result.stdout.strip().endswith("NO DJANGO"), result.stdout + result.stderr


# --- trousse init ---------------------------------------------------------------------------------


def test_init_creates_the_site_folder(site: Path) -> None:
    settings_file = site / "trousse.toml"
    assert stat.S_IMODE(settings_file.stat().st_mode) == 0o600
    values = tomllib.loads(settings_file.read_text(encoding="utf-8"))
    assert len(values["secret_key"]) >= 50
    database = site / "trousse.sqlite3"
    assert database.is_file()
    with sqlite3.connect(database) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        licences = connection.execute("SELECT count(*) FROM catalog_licence").fetchone()[0]
    assert {"catalog_dataset", "core_user", "django_migrations"} <= tables
    assert licences > 0  # the vocabularies were synchronized after migrating
    assert (site / "static" / "staticfiles.json").is_file()
    assert (site / "static" / "trousse" / "site.css").is_file()


def test_init_again_keeps_the_secret_and_sets_the_names_given(site: Path, tmp_path: Path) -> None:
    secret = tomllib.loads((site / "trousse.toml").read_text(encoding="utf-8"))["secret_key"]
    # Run from elsewhere with DIR: the argument wins over TROUSSE_HOME.
    result = run(["init", str(site), "--municipality-en", "Town of Test", "--municipality-fr", "Ville de Test"],
                 site_env(tmp_path / "elsewhere"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "kept" in result.stdout and "up to date" in result.stdout
    values = tomllib.loads((site / "trousse.toml").read_text(encoding="utf-8"))
    assert values["secret_key"] == secret
    assert (values["municipality_en"], values["municipality_fr"]) == ("Town of Test", "Ville de Test")
    assert stat.S_IMODE((site / "trousse.toml").stat().st_mode) == 0o600
    assert not (tmp_path / "elsewhere").exists()


# --- configuration errors: one line naming the setting, exit status 2 ----------------------------


def test_a_bad_setting_value_names_the_setting(site: Path) -> None:
    result = run(["serve"], site_env(site, TROUSSE_MAX_UPLOAD_BYTES="abc"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "max_upload_bytes" in lines[0] and "TROUSSE_MAX_UPLOAD_BYTES" in lines[0] and "'abc'" in lines[0]


@pytest.mark.parametrize("command", [["serve"], ["createadmin"], ["manage", "check"], ["init"], ["demo"]])
def test_an_unknown_setting_in_trousse_toml_is_named(command: list[str], tmp_path: Path) -> None:
    (tmp_path / "trousse.toml").write_text('secret_key = "x"\ncolour = "red"\n', encoding="utf-8")
    result = runner(tmp_path).invoke(cli, command)
    assert result.exit_code == 2
    assert "colour" in result.output and "unknown setting" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("command", [["serve"], ["createadmin"], ["manage", "migrate"]])
def test_a_missing_site_folder_is_refused(command: list[str], tmp_path: Path) -> None:
    result = runner(tmp_path / "missing").invoke(cli, command)
    assert result.exit_code == 2
    assert "TROUSSE_HOME" in result.output and "does not exist" in result.output
    assert "trousse init" in result.output
    assert not (tmp_path / "missing").exists()


def test_serve_refuses_a_blank_secret_key(tmp_path: Path) -> None:
    (tmp_path / "trousse.toml").write_text('secret_key = ""\n', encoding="utf-8")
    result = runner(tmp_path).invoke(cli, ["serve"])
    assert result.exit_code == 2
    assert "secret_key" in result.output and "TROUSSE_SECRET_KEY" in result.output


def test_init_refuses_a_site_folder_it_cannot_create(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = runner(tmp_path).invoke(cli, ["init", str(blocker / "site")])
    assert result.exit_code == 2
    assert "home (TROUSSE_HOME)" in result.output and "cannot create" in result.output


def test_init_refuses_a_bad_environment_before_creating_anything(tmp_path: Path) -> None:
    result = runner(tmp_path, TROUSSE_WEB_WORKERS="many").invoke(
        cli, ["init", str(tmp_path / "site")])
    assert result.exit_code == 2
    assert "web_workers" in result.output
    assert not (tmp_path / "site").exists()


def test_an_unreachable_database_is_one_line_not_a_traceback(site: Path) -> None:
    result = run(["manage", "migrate"], site_env(site, TROUSSE_DATABASE_URL="postgres://u:p@127.0.0.1:1/none"))
    assert result.returncode == 1
    assert result.stderr.startswith("Error: database: OperationalError")
    assert "Traceback" not in result.stderr


# --- trousse createadmin (in-process, on the test database) --------------------------------------


@pytest.fixture
def fast_hasher(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed, not safety


@pytest.mark.django_db
@pytest.mark.usefixtures("fast_hasher")
def test_createadmin_reads_the_password_from_stdin(tmp_path: Path) -> None:
    from django.contrib.auth import authenticate

    cli_runner = runner(tmp_path)
    result = cli_runner.invoke(cli, ["createadmin", "--username", "clerk", "--email", "clerk@town.example",
                                 "--password-stdin"], input="long enough passphrase\n")
    assert result.exit_code == 0, result.output
    user = authenticate(username="clerk", password="long enough passphrase")
    assert user is not None and user.is_site_admin and user.email == "clerk@town.example"

    again = cli_runner.invoke(cli, ["createadmin", "--username", "clerk", "--password-stdin"], input="x\n")
    assert again.exit_code == 1 and "already exists" in again.output


@pytest.mark.django_db
@pytest.mark.usefixtures("fast_hasher")
def test_createadmin_prompts_and_applies_the_password_validators(tmp_path: Path) -> None:
    from trousse.portal.core.models import User

    cli_runner = runner(tmp_path)
    weak = cli_runner.invoke(cli, ["createadmin", "--password-stdin"], input="short\n")
    assert weak.exit_code == 1 and "password refused" in weak.output
    assert not User.objects.filter(username="admin").exists()

    prompted = cli_runner.invoke(cli, ["createadmin"], input="another long secret\nanother long secret\n")
    assert prompted.exit_code == 0, prompted.output
    assert User.objects.get(username="admin").check_password("another long secret")


# --- trousse manage -------------------------------------------------------------------------------


def test_manage_passes_arguments_to_django(site: Path) -> None:
    result = run(["manage", "showmigrations", "catalog"], site_env(site))
    assert result.returncode == 0, result.stderr
    assert "[X] 0001_initial" in result.stdout
    unknown = run(["manage", "no-such-command"], site_env(site))
    assert unknown.returncode == 1 and "Unknown command" in unknown.stderr


# --- trousse serve --------------------------------------------------------------------------------


def test_server_url_and_options() -> None:
    assert server_url("0.0.0.0", 8000) == "http://127.0.0.1:8000/"
    assert server_url("::1", 80) == "http://[::1]:80/"
    options = gunicorn_options("::", 8080, 3, 4, 120, "INFO", "10.0.0.5")
    assert options["bind"] == ["[::]:8080"] and options["workers"] == 3
    assert options["forwarded_allow_ips"] == "10.0.0.5" and options["loglevel"] == "info"


@pytest.fixture
def server(site: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    port = free_port()
    process = subprocess.Popen([*trousse_command(), "serve", "--port", str(port), "--workers", "2"],
                               env=site_env(site), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        yield f"http://127.0.0.1:{port}", process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_for(url: str, process: subprocess.Popen, seconds: float = 30) -> int:
    """Return the status of GET ``url`` once the server answers, failing after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server stopped: {process.stderr.read() if process.stderr else ''}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"no answer from {url} within {seconds} s")


def test_serve_runs_gunicorn_with_static_files(server: tuple[str, subprocess.Popen]) -> None:
    base, process = server
    assert wait_for(f"{base}/-/health", process) == 200
    with urllib.request.urlopen(f"{base}/static/trousse/site.css", timeout=5) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/css")
        assert len(response.read()) > 100
    process.send_signal(signal.SIGTERM)
    stdout, stderr = process.communicate(timeout=15)
    assert process.returncode == 0
    assert base + "/" in stdout
    assert stderr.count("Booting worker") == 2
    assert "gunicorn" in stderr


# --- trousse demo ---------------------------------------------------------------------------------


def test_demo_loads_the_sample_town_once(tmp_path: Path) -> None:
    sample = pytest.importorskip("trousse.sample")
    if not hasattr(sample, "build_sample_town"):
        pytest.skip("the sample town package does not offer build_sample_town yet")
    home = tmp_path / "demo"
    first = run(["demo", "--scale", "0.01"], site_env(home), timeout=120)
    assert first.returncode == 0, first.stderr
    assert "Not loaded" not in first.stderr
    for username, password in (("admin", "demo-admin-2026"), ("editor", "demo-editor-2026"),
                               ("reviewer", "demo-reviewer-2026"), ("viewer", "demo-viewer-2026")):
        assert username in first.stdout and password in first.stdout
    values = tomllib.loads((home / "trousse.toml").read_text(encoding="utf-8"))
    assert values["municipality_en"] and values["municipality_fr"]
    assert not [p for p in home.iterdir() if p.name.startswith("sample-town-")]  # generated files removed

    with sqlite3.connect(home / "trousse.sqlite3") as connection:
        count = connection.execute("SELECT count(*) FROM catalog_dataset").fetchone()[0]
    second = run(["demo", "--scale", "0.01"], site_env(home), timeout=120)
    assert second.returncode == 0, second.stderr
    assert "not loaded again" in second.stdout
    with sqlite3.connect(home / "trousse.sqlite3") as connection:
        assert connection.execute("SELECT count(*) FROM catalog_dataset").fetchone()[0] == count
    shutil.rmtree(home)
