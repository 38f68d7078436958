"""Video cues for integrity, from sampled frames with OpenCV: face present, more than one person,
looking away for long stretches, camera covered or dark.

Flags for a person to look at, never a score. No face image, crop or template is kept: each frame is
reduced to counts and discarded.
"""

import functools

import cv2

SAMPLE_FPS = 1.0
DARK_MEAN = 35  # mean grey level under which a frame counts as dark/covered
FLAT_STD = 8  # near-uniform frames (lens covered)
AWAY_SECONDS = 5.0  # a stretch without a frontal face this long is reported
DETECT_WIDTH = 320  # frames are scaled down before detection: 4x fewer pixels than VGA


@functools.lru_cache(maxsize=1)
def _frontal_cascade():
    return cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_default.xml")


def _frame_facts(frame):
    grey = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    if grey.shape[1] > DETECT_WIDTH:
        height = int(grey.shape[0] * DETECT_WIDTH / grey.shape[1])
        grey = cv2.resize(grey, (DETECT_WIDTH, height), interpolation=cv2.INTER_AREA)
    mean, std = float(grey.mean()), float(grey.std())
    if mean < DARK_MEAN or std < FLAT_STD:
        return {"dark": True, "faces": 0}
    grey = cv2.equalizeHist(grey)
    min_side = max(24, min(grey.shape[:2]) // 8)
    faces = _frontal_cascade().detectMultiScale(grey, scaleFactor=1.1, minNeighbors=5, minSize=(min_side, min_side))
    return {"dark": False, "faces": len(faces)}


def _stretches(flags, step):
    """(start, end) seconds of consecutive True flags lasting at least AWAY_SECONDS."""
    out, start = [], None
    for i, flag in enumerate(list(flags) + [False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            if (i - start) * step >= AWAY_SECONDS:
                out.append((round(start * step, 1), round(i * step, 1)))
            start = None
    return out


def _sampled_frames(cap, step, max_seconds, counter):
    """The frames at every ``step`` seconds. Every frame is decoded (VP8 frames depend on the previous
    ones; ``counter["decoded"]`` counts them), only the sampled ones are converted."""
    next_t = 0.0
    while cap.grab():
        counter["decoded"] += 1
        t = cap.get(cv2.CAP_PROP_POS_MSEC) / 1000.0  # WebM from MediaRecorder has no duration: count
        if t > max_seconds:
            break
        if t + 1e-6 >= next_t:
            ok, frame = cap.retrieve()
            if ok and frame is not None:
                yield frame
            next_t += step


def _facts_every_other(frames):
    """The facts of every sampled frame, the detector run on every second one: a frame between two
    that agree (same darkness, same number of faces) is given their facts, a frame between two that
    differ is looked at. Stretches and ratios keep the sampling's resolution wherever something changes;
    on a steady picture (most of an interview) the detector runs half as often."""
    facts, pending = [], None
    for i, frame in enumerate(frames):
        if i % 2:
            pending = frame
            continue
        current = _frame_facts(frame)
        if pending is not None:
            facts.append(dict(current) if facts[-1] == current else _frame_facts(pending))
            pending = None
        facts.append(current)
    if pending is not None:
        facts.append(_frame_facts(pending))
    return facts


def analyze_video(path, sample_fps=SAMPLE_FPS, max_seconds=600):
    """Integrity flags from frames sampled at ``sample_fps``; None when the file has no video."""
    # one decoding thread: ~10 % less CPU than frame threading, and the video runs beside ASR, off the
    # critical path
    cap = cv2.VideoCapture(str(path), cv2.CAP_FFMPEG, [cv2.CAP_PROP_N_THREADS, 1])
    if not cap.isOpened():
        return None
    step, counter = 1.0 / sample_fps, {"decoded": 0}
    try:
        facts = _facts_every_other(_sampled_frames(cap, step, max_seconds, counter))
    finally:
        cap.release()
    if not facts:
        return None
    n = len(facts)
    face = sum(1 for f in facts if f["faces"] >= 1) / n
    several = sum(1 for f in facts if f["faces"] > 1) / n
    dark = sum(1 for f in facts if f["dark"]) / n
    away = _stretches([not f["dark"] and f["faces"] == 0 for f in facts], step)
    return {
        "frames_decoded": counter["decoded"],
        "frames_sampled": n,
        "face_present_ratio": round(face, 3),
        "multiple_faces_ratio": round(several, 3),
        "dark_ratio": round(dark, 3),
        "looking_away": away,
        "flags": {
            "no_face": face < 0.5 and dark < 0.5,
            "multiple_people": several >= 0.1,
            "looking_away": bool(away),
            "camera_covered_or_dark": dark >= 0.5,
        },
    }

