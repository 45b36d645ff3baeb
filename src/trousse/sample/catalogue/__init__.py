"""The sample town's dataset records, grouped by the kind of service they describe."""
