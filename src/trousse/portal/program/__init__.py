"""The program toolkit: guide, launch path, readiness assessment, policy kit, inventory, roadmap, scorecard (issue #6)."""
