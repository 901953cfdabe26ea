"""AMI: byte codec, panoramisk-based connection with reconnect/watchdog, typed actions and errors."""
