"""Static files with hashed names for long caching, tolerant of a missing manifest."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    manifest_strict = False

    def stored_name(self, name: str) -> str:
        # Before `collectstatic` has written a manifest (tests, a fresh checkout), use plain names;
        # WhiteNoise then serves them from the apps' static folders (WHITENOISE_USE_FINDERS).
        if not self.hashed_files:
            return name
        return super().stored_name(name)
