"""Video cues with the detector on every other sampled frame: the facts must be those of looking at every
frame wherever the picture changes."""

from hr_ai_analysis_worker.analysis import video


def run(monkeypatch, script):
    calls = []

    def facts(frame):
        calls.append(frame)
        return dict(script[frame])

    monkeypatch.setattr(video, "_frame_facts", facts)
    return video._facts_every_other(iter(range(len(script)))), calls


F, A, D, TWO = ({"dark": False, "faces": 1}, {"dark": False, "faces": 0}, {"dark": True, "faces": 0},
                {"dark": False, "faces": 2})


def test_steady_picture_runs_the_detector_half_as_often(monkeypatch):
    script = [F] * 10
    facts, calls = run(monkeypatch, script)
    assert facts == script and len(calls) == 6  # 0 2 4 6 8 and the last (odd) frame


def test_changes_are_seen_at_full_resolution(monkeypatch):
    scripts = ([F, F, F, A, A, A, A, A, A, F, F], [F, F, TWO, TWO, F, D, D, A, A, F], [A, F],
               [F, A, A, F, F, F, TWO, TWO])
    for script in scripts:
        facts, _ = run(monkeypatch, script)
        assert facts == script, script


def test_a_one_frame_blip_between_agreeing_frames_is_the_only_thing_missed(monkeypatch):
    facts, _ = run(monkeypatch, [F, F, F, TWO, F, F, F])
    assert facts == [F] * 7  # frame 3 sits between frames 2 and 4, which agree
