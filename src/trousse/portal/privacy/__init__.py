"""The privacy and risk gate (issue #5): screen every version, de-identify, assess risk, gate publication."""
