"""The reading rooms' tab: counts, calendar, visitors."""
