__version__ = "0.1.0"
APP_NAME = "library-workstation"  # the folder name for data, logs and caches
