"""Media checks and decoding with ffmpeg/ffprobe.

MediaRecorder's WebM has no duration in its header, so durations are counted from decoded
samples, never read from the container.
"""

import json
import shutil
import subprocess

import numpy as np

from .errors import MediaToolMissing, UndecodableMedia, UnsupportedMedia

SAMPLE_RATE = 16000

# magic bytes of the containers the portal accepts
_SIGNATURES = (
    (0, b"\x1a\x45\xdf\xa3", "webm"),  # EBML (WebM / Matroska)
    (4, b"ftyp", "mp4"),  # ISO BMFF (MP4 / M4A / MOV)
    (0, b"OggS", "ogg"),
    (0, b"RIFF", "wav"),
    (0, b"ID3", "mp3"),
    (0, b"\xff\xfb", "mp3"),
    (0, b"fLaC", "flac"),
)


def sniff_container(head):
    """Return the container name for the first bytes of a file, or None."""
    for offset, magic, name in _SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            if name == "wav" and head[8:12] != b"WAVE":
                continue
            return name
    return None


def _tool(name):
    path = shutil.which(name)
    if not path:
        raise MediaToolMissing(f"{name} is not installed")
    return path


def probe(path, timeout=60):
    """Return the streams ffprobe finds: {"has_audio", "has_video", "format"}."""
    cmd = [_tool("ffprobe"), "-v", "error", "-show_streams", "-show_format", "-of", "json", str(path)]
    proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
    try:
        info = json.loads(proc.stdout or b"{}") if proc.returncode == 0 else None
    except ValueError:
        info = None
    if not isinstance(info, dict):
        raise UnsupportedMedia("not an audio or video file ffprobe can read")
    kinds = {s.get("codec_type") for s in info.get("streams", [])}
    return {
        "has_audio": "audio" in kinds,
        "has_video": "video" in kinds,
        "format": info.get("format", {}).get("format_name", ""),
    }


def decode_audio(path, max_seconds=600, timeout=300):
    """Decode the first audio stream to 16 kHz mono float32 samples in [-1, 1]."""
    cmd = [
        _tool("ffmpeg"), "-nostdin", "-v", "error", "-i", str(path), "-map", "0:a:0",
        "-t", str(max_seconds), "-ac", "1", "-ar", str(SAMPLE_RATE), "-f", "s16le", "-",
    ]
    proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
    if proc.returncode != 0:
        raise UndecodableMedia("ffmpeg could not decode the audio stream")
    return np.frombuffer(proc.stdout, dtype=np.int16).astype(np.float32) / 32768.0


def audio_stats(samples):
    """Duration and loudness figures of decoded audio."""
    duration = len(samples) / SAMPLE_RATE
    if not len(samples):
        return {"duration": 0.0, "rms_dbfs": -120.0, "peak": 0.0}
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))
    return {
        "duration": round(duration, 3),
        "rms_dbfs": round(20 * np.log10(max(rms, 1e-6)), 1),
        "peak": round(float(np.max(np.abs(samples))), 4),
    }
