"""Ringside core: the Qt-free library (AMI, calls, CRM, signing, recordings, history, settings, simulator)."""

__version__ = "0.1.0"
