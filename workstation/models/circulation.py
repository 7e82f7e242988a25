"""Circulation models (filled in by the circulation issue)."""
