"""The errors the analysis code raises. They describe the input, never the worker or Odoo;
``hr_ai_analysis_worker.errors`` decides which of them are worth retrying."""


class AnalysisError(Exception):
    """Base class of the analysis errors."""


class InvalidInput(AnalysisError):
    """The question, job or report payload does not have the expected shape."""


class MediaError(AnalysisError):
    """The media cannot be analysed as it is."""


class UnsupportedMedia(MediaError):
    """Not audio or video that ffprobe can read, or no audio stream in it."""


class UndecodableMedia(MediaError):
    """ffprobe reads the container but ffmpeg cannot decode its audio."""


class MediaTooLarge(MediaError):
    """The media is larger than the configured limit."""


class ResumeUnreadable(MediaError):
    """A résumé file gives no text to screen. ``reason`` is one of :data:`RESUME_REASONS`, a stable code Odoo
    turns into words: ``empty``, ``encrypted``, ``image_only`` (pages but no text: scanned or a picture),
    ``unreadable`` (broken file), ``unsupported_type``, ``too_large``, ``converter_missing`` (a .doc file and
    neither antiword nor catdoc on this machine)."""

    def __init__(self, reason, detail=""):
        if reason not in RESUME_REASONS:
            raise ValueError(f"unknown résumé failure reason {reason!r}")
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


RESUME_REASONS = ("empty", "encrypted", "image_only", "unreadable", "unsupported_type", "too_large",
                  "converter_missing")


class MediaToolMissing(AnalysisError):
    """ffmpeg or ffprobe is not installed on this machine (the media may be fine)."""


__all__ = ["RESUME_REASONS", "AnalysisError", "InvalidInput", "MediaError", "MediaToolMissing", "MediaTooLarge",
           "ResumeUnreadable", "UndecodableMedia", "UnsupportedMedia"]
