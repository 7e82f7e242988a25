"""Qt item models shared by the tabs."""
