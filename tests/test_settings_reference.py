"""The settings reference is generated from the declarations and must not drift from them."""

from pathlib import Path

from trousse import config

DOC = Path(__file__).resolve().parent.parent / "docs" / "reference" / "settings.md"


def test_settings_reference_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == config.render_reference(), (
        "docs/reference/settings.md is stale: run `python -m trousse.config > docs/reference/settings.md`")


def test_every_setting_used_by_django_settings_is_declared() -> None:
    source = (Path(config.__file__).parent / "portal" / "settings.py").read_text(encoding="utf-8")
    import re

    used = set(re.findall(r'SITE\["([a-z0-9_]+)"\]', source))
    assert used <= set(config.BY_NAME), used - set(config.BY_NAME)
