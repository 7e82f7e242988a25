"""Administration: accounts, log-in, service points, library settings, backups and checks."""
