"""Table work on DuckDB and Arrow: read any file, profile, infer a schema, validate, convert.

Every reader turns its file into one or more ``StagedTable``: a Parquet file whose
columns hold the raw cell text (VARCHAR), plus the structural problems met while
reading. Profiling, schema inference, validation and conversion all work on that
staged Parquet with vectorized DuckDB SQL, so they are the same for every format.
"""
