import hashlib
import secrets

TOKEN_BYTES = 32  # 256 bits


def new_token():
    """A fresh URL-safe invitation token and the hash stored in the database."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, hash_token(token)


def hash_token(token):
    return hashlib.sha256((token or "").encode()).hexdigest()
