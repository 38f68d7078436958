"""Upload checks by magic bytes: the client's filename and Content-Type are never trusted."""

from odoo.exceptions import UserError


class UploadRejected(UserError):
    """An upload refused before anything is stored; ``status`` is the HTTP status to answer."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


# (offset, magic, container, mimetype)
_SIGNATURES = (
    (0, b"\x1a\x45\xdf\xa3", "webm", "video/webm"),
    (4, b"ftyp", "mp4", "video/mp4"),
    (0, b"OggS", "ogg", "audio/ogg"),
)


def sniff(head):
    """Return (extension, mimetype) for an accepted recording, or None."""
    for offset, magic, ext, mimetype in _SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            return ext, mimetype
    return None
