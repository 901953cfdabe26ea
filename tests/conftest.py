"""Suite-wide test set-up: offscreen Qt, an in-memory keyring, temporary app dirs."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("RINGSIDE_TESTING", "1")
