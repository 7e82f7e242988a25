"""The outreach tab: activities, bookmobile, volunteers, metrics, holdings."""
