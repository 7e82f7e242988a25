"""Reading rooms and visitors: headcounts, gate counters and their imports. No Qt here."""
