"""Inbound HTTP APIs, one module per protocol, plus shared helpers (``common``)."""
