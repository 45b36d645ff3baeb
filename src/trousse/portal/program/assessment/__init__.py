"""The readiness and maturity self-assessment (issue #6 §2): question bank, scoring, radar, pages."""
