"""The standards directory: curated data standards, the datasets that follow them, and conformance checks."""
