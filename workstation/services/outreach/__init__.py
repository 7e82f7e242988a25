"""Outreach and collection growth: activities, bookmobile trips, volunteers, monthly
metrics and new holdings. Totals per period are aggregated in SQL for the statistics."""
