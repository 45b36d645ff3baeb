"""The one error the query engine raises: a stable code, a bilingual message and the parameter at fault."""

from __future__ import annotations

# The codes a caller may see, and what kind of refusal each is (the web layer maps kinds to statuses):
# "invalid" (a bad parameter or query: CKAN's 409 Validation Error), "not_found" (404), "forbidden" (403),
# "limit" (the sandbox stopped the query: time or memory; 409 as CKAN does for a statement timeout).
KINDS = {
    "invalid_parameter": "invalid",
    "unknown_column": "invalid",
    "invalid_value": "invalid",
    "invalid_sort": "invalid",
    "invalid_sql": "invalid",
    "not_select": "invalid",
    "multiple_statements": "invalid",
    "function_not_allowed": "invalid",
    "table_not_allowed": "invalid",
    "query_failed": "invalid",
    "not_geographic": "invalid",
    "not_found": "not_found",
    "forbidden": "forbidden",
    "timeout": "limit",
    "memory": "limit",
}


class QueryError(Exception):
    """A query refused or stopped: ``code`` (see KINDS), messages in English and French, the field at fault."""

    def __init__(self, code: str, message_en: str, message_fr: str, *, field: str | None = None) -> None:
        super().__init__(message_en)
        self.code = code
        self.message_en = message_en
        self.message_fr = message_fr
        self.field = field

    @property
    def kind(self) -> str:
        """Return what sort of refusal this is: invalid, not_found, forbidden or limit."""
        return KINDS.get(self.code, "invalid")

    def message(self, lang: str) -> str:
        """Return the message in ``lang`` (French for "fr…", English otherwise)."""
        return self.message_fr if lang.startswith("fr") else self.message_en
