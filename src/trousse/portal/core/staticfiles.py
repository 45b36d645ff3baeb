"""Static files with hashed names for long caching, tolerant of a missing manifest in tests."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    # Unhashed names are served until `collectstatic` has run (tests, a fresh checkout).
    manifest_strict = False
