"""Every signature scheme Ringside speaks, as pure functions; the schemes production sends
with also have an ``httpx.Auth`` flow (``BinotelAuth``, ``RostelecomAuth``, ``auth.HeaderAuth``)
that signs the exact bytes sent (the gateway's push sender, the recording sources).

Modules (one per scheme; each signs the exact bytes sent and verifies the exact
bytes received, comparing in constant time):

- ``binotel``    Binotel / Clinica Web (seed 002): md5(secret + PHP json_encode(sorted params)).
- ``rostelecom`` Rostelecom Integration API (seed 004): sha256hex(client_id + body + key).
- ``mango``      Mango Office VPBX: sha256hex(api_key + json + salt), recording-link hash.
- ``zadarma``    Zadarma / Novofon: base64(hmac_sha1_hex(method + query + md5(query))).
- ``links``      Ringside's own expiring recording links (HMAC-SHA256).
- ``storage``    Virtual-PBX storage links (seed 001): AES-256-ECB, URL-safe base64.
- ``keys_file``  get_record_local keys file (seed 000): SHA-256 hashes, one per line.
- ``auth``       shared helpers: constant-time comparison, request rebuilding, ``HeaderAuth``.

Nothing is imported here, so importing one scheme never pulls in the others.
"""
