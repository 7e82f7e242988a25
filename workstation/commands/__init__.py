"""Headless subcommands of ``workstation``, one module each.

A module here defines ``register(subparsers)``, which adds its parser and sets
``func=<handler>``; the handler takes the parsed arguments and returns the exit code.
``workstation.cli`` finds the modules itself, so adding a command touches no shared file.
"""
