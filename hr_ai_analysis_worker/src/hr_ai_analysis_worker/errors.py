"""Error taxonomy shared by the runner and the analysis code."""


class WorkerError(Exception):
    """Base class of the worker's own errors."""


class ConfigError(WorkerError):
    """The configuration is missing or invalid; the worker cannot start."""


class RetryableError(WorkerError):
    """A job failed for a reason that may go away (network, temporary resource)."""


class FatalJobError(WorkerError):
    """A job can never succeed as it is (bad media, unsupported format)."""


class MediaError(FatalJobError):
    """The media file is not audio/video ffmpeg can decode."""
