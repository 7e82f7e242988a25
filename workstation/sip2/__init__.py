"""The SIP2 2.00 kiosk server: self-service machines lend and return into this database.

``wire`` (framing, character sets, checksums, parsing, exact responses), ``handlers`` (one
function per message), ``desk_adapter`` (the one place that calls circulation), ``server``
(asyncio TCP/TLS). Qt-free.
"""
