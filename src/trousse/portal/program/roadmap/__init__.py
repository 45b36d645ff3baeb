"""The release roadmap: the public "coming soon" page and its iCalendar feed (issue #6 §5)."""
