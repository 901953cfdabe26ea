"""Recordings: where a call's recording comes from, how it is fetched and cached, MP3 encoding.

Qt-free. ``types`` holds the immutable rows and queries shared by the gateway's
index, the search client and the desktop browser.
"""
