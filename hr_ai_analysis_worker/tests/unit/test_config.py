import pytest
from hr_ai_analysis_worker.config import load_config
from hr_ai_analysis_worker.errors import ConfigError


def test_env_overrides_toml(tmp_path):
    toml = tmp_path / "worker.toml"
    toml.write_text('[worker]\nodoo_url = "http://odoo:8069"\ndb = "prod"\nbeam_size = 5\npoll_interval = 3\n')
    cfg = load_config(str(toml), environ={"HR_AI_WORKER_DB": "other", "HR_AI_WORKER_VAD_FILTER": "no"})
    assert (cfg.odoo_url, cfg.db, cfg.beam_size, cfg.poll_interval, cfg.vad_filter) == (
        "http://odoo:8069", "other", 5, 3.0, False)


def test_bad_values_are_clear_errors(tmp_path):
    with pytest.raises(ConfigError, match="beam_size"):
        load_config(environ={"HR_AI_WORKER_BEAM_SIZE": "five"})
    bad = tmp_path / "bad.toml"
    bad.write_text("[worker]\nunknown_key = 1\n")
    with pytest.raises(ConfigError, match="unknown_key"):
        load_config(str(bad), environ={})
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(str(tmp_path / "missing.toml"), environ={})


def test_run_needs_connection_settings(tmp_path):
    with pytest.raises(ConfigError, match="db.*login.*api_key"):
        load_config(environ={}).check_for_run()
    key = tmp_path / "key"
    key.write_text("abc\n")
    cfg = load_config(environ={"HR_AI_WORKER_DB": "d", "HR_AI_WORKER_LOGIN": "w",
                               "HR_AI_WORKER_API_KEY_FILE": str(key)})
    cfg.check_for_run()
    assert cfg.resolved_api_key() == "abc"
    assert "abc" not in repr(cfg)


def test_fingerprint_follows_result_changing_settings():
    a = load_config(environ={})
    b = load_config(environ={"HR_AI_WORKER_BEAM_SIZE": "5"})
    c = load_config(environ={"HR_AI_WORKER_POLL_INTERVAL": "9"})
    assert a.fingerprint() != b.fingerprint()
    assert a.fingerprint() == c.fingerprint()


def test_auto_device_matches_the_compute_type():
    """``auto`` picks cuda where CTranslate2 sees a GPU, else cpu: either is right, on any machine."""
    from hr_ai_analysis_worker.analysis.asr import Transcriber

    t = Transcriber("base")
    assert (t.device, t.compute_type) in (("cpu", "int8"), ("cuda", "float16"))
    assert Transcriber("base", device="cuda").compute_type == "float16"
    assert Transcriber("base", device="cpu").compute_type == "int8"


def test_scorer_comes_from_the_configuration(tmp_path, monkeypatch):
    from hr_ai_analysis_worker.analysis.scoring import FEATURES, fit_scorer

    monkeypatch.setenv("HR_AI_WORKER_SCORING_MODEL", "/nonexistent.json")  # read by load_config only
    assert load_config(environ={}).resolved_scorer().version.startswith("default-")
    fit_scorer([({f: x / 10 for f in FEATURES}, 9 * x) for x in range(11)], tmp_path / "m.json", name="acme")
    cfg = load_config(environ={"HR_AI_WORKER_SCORING_MODEL": str(tmp_path / "m.json")})
    assert cfg.resolved_scorer().version.startswith("acme-")
    (tmp_path / "bad.json").write_text("{}")
    with pytest.raises(ConfigError, match="scoring_model"):
        load_config(environ={"HR_AI_WORKER_SCORING_MODEL": str(tmp_path / "bad.json")}).resolved_scorer()
