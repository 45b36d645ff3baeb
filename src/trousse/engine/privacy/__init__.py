"""Screen tables for personal information and re-identification risk, and de-identify them (issue 5).

Plain Python over DuckDB: it never imports ``trousse.engine.tables`` (nor they it); the pipeline
composes the two. Entry points: ``screen.screen_parquet`` / ``screen.screen_relation`` (a
``PrivacyReport``), ``deidentify.apply_recipe`` (a transformed Parquet), ``risk.k_anonymity``.
"""
