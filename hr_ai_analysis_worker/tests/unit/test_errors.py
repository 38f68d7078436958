import errno
import json
import logging
import subprocess
import sys

import pytest
from hr_ai_analysis_worker.analysis import errors as analysis_errors
from hr_ai_analysis_worker.errors import (
    InvalidInput,
    MediaError,
    MediaTooLarge,
    MediaToolMissing,
    OdooError,
    OdooUnreachable,
    UndecodableMedia,
    UnknownKind,
    UnsupportedMedia,
    classify,
    failure_message,
)
from hr_ai_analysis_worker.log import JsonFormatter


@pytest.mark.parametrize(("exc", "expected"), [
    (OdooUnreachable("cannot reach Odoo"), (True, "odoo_unreachable")),
    (TimeoutError("timed out"), (True, "timeout")),
    (subprocess.TimeoutExpired(["ffmpeg"], 300), (True, "timeout")),
    (ConnectionResetError("reset"), (True, "network")),
    (OSError(errno.EAGAIN, "Resource temporarily unavailable"), (True, "os_error")),  # ffmpeg could not start
    (MediaToolMissing("ffmpeg is not installed"), (True, "tool_missing")),
    (OdooError("Odoo answered HTTP 403", status=403), (True, "odoo_error")),
    (MediaTooLarge("media larger than 10 bytes"), (False, "media_too_large")),
    (UnsupportedMedia("not audio"), (False, "unsupported_media")),
    (UndecodableMedia("ffmpeg could not decode"), (False, "undecodable_media")),
    (InvalidInput("the job payload has no valid 'question'"), (False, "invalid_payload")),
    (UnknownKind("no handler"), (False, "unknown_kind")),
])
def test_classify_retryable_and_permanent(exc, expected):
    assert classify(exc) == expected


@pytest.mark.parametrize("exc", [KeyError("question"), TypeError("x"), AttributeError("y"), IndexError("z"),
                                 AssertionError(), ValueError("v"), RuntimeError("r"), ZeroDivisionError()])
def test_programming_errors_are_permanent_worker_bugs(exc):
    assert classify(exc) == (False, "worker_bug")


def test_failure_message_format():
    assert failure_message("worker_bug", KeyError("question")) == "worker_bug: KeyError: 'question'"
    assert failure_message("worker_bug", AssertionError()) == "worker_bug: AssertionError"
    long = failure_message("timeout", TimeoutError("x" * 1000))
    assert long.startswith("timeout: TimeoutError: xxx") and len(long) < 340


def test_analysis_errors_live_in_the_analysis_package():
    reexported = (MediaError, UnsupportedMedia, UndecodableMedia, MediaTooLarge, MediaToolMissing, InvalidInput)
    for cls in reexported:
        assert cls is getattr(analysis_errors, cls.__name__)
        assert cls.__module__ == "hr_ai_analysis_worker.analysis.errors"


def test_json_log_of_a_worker_bug_has_its_traceback():
    try:
        {}["transcript"]
    except KeyError:
        record = logging.LogRecord("hr_ai_worker", logging.ERROR, __file__, 1, "job failed: worker bug", (),
                                   sys.exc_info())
    record.job_id = 4
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "ERROR" and line["job_id"] == 4 and line["exc_type"] == "KeyError"
    assert "Traceback" in line["traceback"] and '{}["transcript"]' in line["traceback"]
