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


class MediaToolMissing(AnalysisError):
    """ffmpeg or ffprobe is not installed on this machine (the media may be fine)."""


__all__ = ["AnalysisError", "InvalidInput", "MediaError", "MediaToolMissing", "MediaTooLarge", "UndecodableMedia",
           "UnsupportedMedia"]
