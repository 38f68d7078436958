"""Generate the small video fixtures for the video-cue tests once (committed).

Uses scikit-image's bundled public-domain sample images (the NASA astronaut portrait, a coffee cup)
and ffmpeg. Run in any venv with scikit-image:  python make_video_fixtures.py
"""

import subprocess
import tempfile
from pathlib import Path

import numpy as np
import skimage.data
import skimage.io
import skimage.transform

HERE = Path(__file__).parent
SIZE = 320


def _img(array):
    return (skimage.transform.resize(array, (SIZE, SIZE), anti_aliasing=True) * 255).astype(np.uint8)


def _video(frames_by_second, out, fps=4):
    with tempfile.TemporaryDirectory() as tmp:
        n = 0
        for image, seconds in frames_by_second:
            for _ in range(int(seconds * fps)):
                skimage.io.imsave(f"{tmp}/f{n:05d}.png", image, check_contrast=False)
                n += 1
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-framerate", str(fps), "-i", f"{tmp}/f%05d.png",
                        "-c:v", "libvpx", "-b:v", "200k", "-pix_fmt", "yuv420p", str(out)], check=True)


def main():
    face = _img(skimage.data.astronaut())
    cup = _img(skimage.data.coffee())
    dark = np.zeros_like(face)
    _video([(face, 4), (cup, 6), (dark, 4)], HERE / "video_face_away_dark.webm")
    half = (skimage.transform.resize(skimage.data.astronaut(), (SIZE, SIZE // 2), anti_aliasing=True) * 255)
    two = np.concatenate([half, half], axis=1).astype(np.uint8)
    _video([(two, 3)], HERE / "video_two_faces.webm")


if __name__ == "__main__":
    main()
