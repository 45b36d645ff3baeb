"""The question bank: every activity has a full chain of questions in both languages, checked at load."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from trousse.portal.program.assessment.bank import DATA, LEVEL_CODES, BankError, load_bank, question_bank

# The dimensions and activities issue #6 §2 asks for (activities named there must exist).
DIMENSIONS = ["leadership", "policy", "governance", "people", "technology", "engagement", "funding"]
REQUIRED_ACTIVITIES = {
    "governance": {"release_process", "standards", "data_ownership", "sensitive_data"},
    "engagement": {"requests", "documentation", "reuser_support"},
}


def test_the_bank_has_seven_dimensions_in_order_with_the_activities_asked_for() -> None:
    bank = question_bank()
    assert [d.code for d in bank.dimensions] == DIMENSIONS
    for dimension in bank.dimensions:
        assert dimension.activities, dimension.code
        assert REQUIRED_ACTIVITIES.get(dimension.code, set()) <= {a.code for a in dimension.activities}
    assert [level.code for level in bank.levels] == list(LEVEL_CODES)
    assert [level.number for level in bank.levels] == [1, 2, 3, 4, 5]


def test_every_activity_has_a_full_chain_in_english_and_french() -> None:
    bank = question_bank()
    for activity in bank.activities:
        assert [q.level for q in activity.questions] == [2, 3, 4, 5], activity.key
        for question in activity.questions:
            for text in (question.text_en, question.text_fr, question.improvement_en, question.improvement_fr):
                assert text.strip(), question.key
            assert question.text_en.endswith("?") and question.text_fr.endswith("?"), question.key
            assert question.text_en != question.text_fr
            assert question.key == f"{activity.key}.{LEVEL_CODES[question.level - 1]}"
    keys = [q.key for q in bank.questions]
    assert len(keys) == len(set(keys)) == 4 * len(bank.activities)


def _copy_bank(tmp_path: Path) -> Path:
    folder = tmp_path / "bank"
    shutil.copytree(DATA, folder)
    return folder


def test_a_missing_translation_and_a_broken_chain_are_reported_together(tmp_path: Path) -> None:
    folder = _copy_bank(tmp_path)
    policy = folder / "dimensions" / "2-policy.toml"
    text = policy.read_text(encoding="utf-8")
    # Blank one French question and drop the "managed" question of the licensing activity.
    text = text.replace('text_fr = "Disposez-vous de consignes écrites', 'text_fr = "" # "', 1)
    start = text.index("[[activity.question]]\nlevel = \"managed\"", text.index('code = "licensing"'))
    end = text.index("[[activity.question]]", start + 10)
    policy.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(BankError) as raised:
        load_bank(folder)
    problems = "\n".join(raised.value.problems)
    assert "activity policy, repeatable question: text_fr is missing" in problems
    assert "activity licensing: the questions must cover the levels repeatable, defined, managed, optimising" in problems


def test_levels_out_of_order_and_unreadable_files_are_refused(tmp_path: Path) -> None:
    folder = _copy_bank(tmp_path)
    levels = folder / "levels.toml"
    levels.write_text(levels.read_text(encoding="utf-8").replace('code = "managed"', 'code = "measured"'),
                      encoding="utf-8")
    (folder / "dimensions" / "8-broken.toml").write_text("code = [unclosed", encoding="utf-8")
    with pytest.raises(BankError) as raised:
        load_bank(folder)
    problems = raised.value.problems
    assert any(p.startswith("levels.toml: the levels must be initial, repeatable") for p in problems)
    assert any(p.startswith("8-broken.toml:") for p in problems)


def test_a_dimension_defined_twice_is_refused(tmp_path: Path) -> None:
    folder = _copy_bank(tmp_path)
    shutil.copy(folder / "dimensions" / "7-funding.toml", folder / "dimensions" / "8-funding-again.toml")
    with pytest.raises(BankError, match="dimension 'funding' is defined twice"):
        load_bank(folder)


def test_the_system_check_lists_the_problems_of_a_broken_bank(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core import checks

    from trousse.portal.program.assessment import system_checks

    assert system_checks.question_bank_is_valid in checks.registry.registry.get_checks()
    assert system_checks.question_bank_is_valid() == []  # the packaged bank is fine
    folder = _copy_bank(tmp_path)
    (folder / "dimensions" / "7-funding.toml").write_text('code = "funding"\n', encoding="utf-8")
    monkeypatch.setattr(system_checks, "DATA", folder)
    errors = system_checks.question_bank_is_valid()
    assert {e.id for e in errors} == {"program.E001"}
    assert "7-funding.toml (dimension funding): no activities" in [e.msg for e in errors]
    assert "7-funding.toml (dimension funding): name_fr is missing" in [e.msg for e in errors]
