"""PBX simulator: a real asyncio AMI server replaying call flows captured from Asterisk 22."""
