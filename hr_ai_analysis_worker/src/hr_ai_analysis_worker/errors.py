"""The worker's errors, and the one place that decides whether a failed job is worth retrying.

The analysis package defines the errors about its input (``analysis.errors``); they are re-exported here.
"""

import subprocess

from .analysis.errors import (
    AnalysisError,
    InvalidInput,
    MediaError,
    MediaTooLarge,
    MediaToolMissing,
    ResumeUnreadable,
    UndecodableMedia,
    UnsupportedMedia,
)


class WorkerError(Exception):
    """Base class of the worker's own errors."""


class ConfigError(WorkerError):
    """The configuration is missing or invalid; the worker cannot start."""


class RetryableError(WorkerError):
    """A job failed for a reason that may go away (network, temporary resource)."""


class FatalJobError(WorkerError):
    """A job can never succeed as it is."""


class UnknownKind(FatalJobError):
    """Odoo handed out a job of a kind this worker has no handler for."""


class OdooError(WorkerError):
    """Odoo answered with an error (JSON-RPC error, HTTP 4xx, not JSON); ``status`` = the HTTP status."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


class OdooUnreachable(RetryableError):
    """Odoo could not be reached (network, timeout, HTTP 5xx or 429)."""


WORKER_BUG = "worker_bug"

# (exception types, retryable, code), first match wins: subclasses before their bases
_RULES = (
    (OdooUnreachable, True, "odoo_unreachable"),
    (OdooError, True, "odoo_error"),  # e.g. a serialization failure Odoo gave up on: max_attempts bounds it
    (MediaTooLarge, False, "media_too_large"),
    (UnsupportedMedia, False, "unsupported_media"),
    (UndecodableMedia, False, "undecodable_media"),
    (MediaError, False, "unusable_media"),
    (InvalidInput, False, "invalid_payload"),
    (UnknownKind, False, "unknown_kind"),
    (MediaToolMissing, True, "tool_missing"),  # this machine lacks ffmpeg; another worker may have it
    (RetryableError, True, "retryable"),
    ((TimeoutError, subprocess.TimeoutExpired), True, "timeout"),
    (ConnectionError, True, "network"),
    (MemoryError, True, "out_of_memory"),
    (OSError, True, "os_error"),  # ffmpeg could not start (EAGAIN, ENOMEM), disk full, temp dir gone
    (FatalJobError, False, "permanent"),
)


def classify(exc):
    """(retryable, code) for an exception raised while a job ran.

    Retryable: Odoo unreachable (network, timeouts, HTTP 5xx, 429), transient OS errors (ffmpeg could not
    start, disk full). Permanent: Odoo refused, media too large / unsupported / undecodable, invalid job
    payload, unknown kind. Anything else is a programming error (KeyError, TypeError, AttributeError,
    IndexError, AssertionError, ValueError …): permanent, code ``worker_bug``. A résumé that gives no text is
    permanent with the code ``resume_<reason>`` (``resume_encrypted``, ``resume_image_only`` …). Odoo counts
    attempts, so a retryable failure is retried at most ``max_attempts`` times.
    """
    if isinstance(exc, ResumeUnreadable):  # permanent; the code tells HR what is wrong with the file
        return False, f"resume_{exc.reason}"
    for types, retryable, code in _RULES:
        if isinstance(exc, types):
            return retryable, code
    return False, WORKER_BUG


def failure_message(code, exc, limit=300):
    """What Odoo records for HR and the logs: ``"<code>: <ExceptionType>: <short message>"``."""
    text = " ".join(str(exc).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"{code}: {type(exc).__name__}: {text}".rstrip(": ")


__all__ = [
    "WORKER_BUG", "AnalysisError", "ConfigError", "FatalJobError", "InvalidInput", "MediaError",
    "MediaToolMissing", "MediaTooLarge", "OdooError", "OdooUnreachable", "ResumeUnreadable", "RetryableError",
    "UndecodableMedia",
    "UnknownKind", "UnsupportedMedia", "WorkerError", "classify", "failure_message",
]
