"""``workstation sip2 serve``: the SIP2 server the library's self-service kiosks talk to.

Binds to 127.0.0.1 unless told otherwise; logs to the program's log folder; stops cleanly
on SIGTERM or Ctrl+C. See docs/deployment.md for running it as a service."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from workstation.commands.common import Translator, with_database

if TYPE_CHECKING:  # loaded when a command runs, not when the parser is built
    from workstation.db import Database


def register(sub: Any) -> None:
    sip2 = sub.add_parser("sip2", help="the SIP2 server for self-service kiosks") \
        .add_subparsers(dest="sip2_command", required=True)
    serve = sip2.add_parser("serve", help="serve kiosks until stopped (SIGTERM or Ctrl+C)")
    serve.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help="database URL or SQLite file")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=6001, help="TCP port (default 6001)")
    serve.add_argument("--tls-cert", metavar="FILE", help="serve TLS with this certificate (PEM)")
    serve.add_argument("--tls-key", metavar="FILE", help="the certificate's private key (PEM)")
    serve.add_argument("--idle-timeout", type=float, default=600.0, help="seconds before a silent kiosk is cut")
    serve.set_defaults(func=sip2_serve)


def sip2_serve(args: argparse.Namespace) -> int:
    import logging

    from workstation.logs import setup_logging
    from workstation.sip2.server import Limits, serve, tls_context

    if bool(args.tls_cert) != bool(args.tls_key):
        print("--tls-cert 与 --tls-key 须同时给出 (give both --tls-cert and --tls-key)", file=sys.stderr)
        return 2
    translate = Translator(args.lang)
    path = setup_logging(logging.INFO)
    context = tls_context(args.tls_cert, args.tls_key) if args.tls_cert else None

    def run(db: Database) -> int:
        print(f"日志 log: {path}", flush=True)
        serve(db, args.host, args.port, ssl_context=context, limits=Limits(idle_timeout=args.idle_timeout))
        return 0

    return with_database(args, translate, run)
