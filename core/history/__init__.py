"""Call history, CRM outbox and listen audit: SQLite stores with sync and asyncio facades.

- ``calls``: the operator's call log (``CallHistory``);
  ``calls_sql`` its schema and migrations, ``search`` the number/name search keys.
- ``outbox``: durable CRM pushes (``Outbox``, ``AsyncOutbox``); ``worker``: ``OutboxWorker``.
- ``listens``: who listened to which recording (``ListenLog``).
- ``notes``: after-call notes to the CRM through the outbox (``NoteOutbox``).
- ``db``: the shared SQLite plumbing (schema versions, migrations, WAL, one lock).
- ``redact``: masks secrets in error text before it is stored or logged.
"""
