"""The data pipeline in the portal: every stored resource version is read, profiled, validated and
converted in a background worker (issue #3), and its report and derived downloads kept."""
