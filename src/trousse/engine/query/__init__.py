"""Read-only queries over the canonical Parquet of processed tables: the DataStore API's engine.

``datastore`` answers CKAN's datastore_search, ``sql_search`` a sandboxed datastore_search_sql,
``export`` streams a filtered table as CSV, JSON, GeoJSON or Parquet. Nothing here writes, and
nothing here knows a website exists: callers pass the Parquet path they are allowed to read.
"""
