"""Tests of the PBX-side gateway (config, wire formats, inbound APIs, schemathesis)."""
