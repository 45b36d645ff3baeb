"""Metadata feeds for harvesters: DCAT-AP, data.json, Data Packages, the Canadian portal schema (issue #4)."""
