"""The policy kit (issue #6 §3): an open data policy, a directive, terms of use and the licence adoption."""
