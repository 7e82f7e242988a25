"""Outreach models: activities, bookmobile trips, volunteers, online metrics (filled in by the outreach issue)."""
