"""Headless ``ringside`` subcommands (sim, monitor, dial, doctor): no Qt imports here."""
