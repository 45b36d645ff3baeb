"""The program dashboard: indicators from live catalogue data, stored daily, and the Open Data Charter scorecard."""
