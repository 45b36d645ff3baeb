"""Machine access: the CKAN-compatible Action API and the DataStore API over processed tables (issue #4)."""
