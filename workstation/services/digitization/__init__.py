"""Digitization projects: plans, stages, batches, events, figures and forecasts. No Qt here."""
