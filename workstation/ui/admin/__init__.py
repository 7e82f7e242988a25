"""Administration tabs: accounts, service points, library settings, audit; my account."""
