"""Deterministic ids: the same inputs always produce the same id, across runs and machines."""

from __future__ import annotations

import hashlib


def stable_id(*parts: object) -> str:
    """16 hex digits of SHA-1 over the parts joined by a separator that cannot occur in them."""
    return hashlib.sha1("\x1f".join(str(part) for part in parts).encode("utf-8")).hexdigest()[:16]
