"""A Django system check that reads the question bank, so a broken bank shows at `trousse manage check`
and at start-up (migrate, runserver) with every problem listed, not as an error on the first page."""

from __future__ import annotations

from typing import Any

from django.core import checks

from trousse.portal.program.assessment.bank import DATA, BankError, load_bank


@checks.register()
def question_bank_is_valid(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Report each problem of the packaged question bank as an error."""
    try:
        load_bank(DATA)
    except BankError as error:
        return [checks.Error(problem, id="program.E001", obj="program/assessment/data") for problem in error.problems]
    return []
