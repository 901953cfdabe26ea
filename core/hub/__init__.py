"""The Ringside hub's shared parts: the wire protocol, the desktop-side client, the bootstrap.

The hub itself (the server) lives in ``gateway/hub``; everything here is Qt-free
and importable by the desktop, the CLI and the gateway alike.
"""
