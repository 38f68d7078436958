"""The only module that talks to Odoo: JSON-RPC (``/jsonrpc``) and the worker's bearer routes
(``/hr_ai_interview/worker/media/<job id>``, the media paths a payload names under
``/hr_ai_interview/worker/media/`` — a live utterance's ``media_url`` —, ``/hr_ai_interview/worker/wait``).

Every request has a timeout. Authentication uses an API key of the worker's Odoo user. HTTP errors are
mapped in one place (:func:`_http_error`): 5xx and 429 → :class:`OdooUnreachable` (retry later), other
statuses → :class:`OdooError` with the status.
"""

import http.client
import itertools
import json
import urllib.error
import urllib.parse
import urllib.request

from .errors import ConfigError, InvalidInput, MediaTooLarge, OdooError, OdooUnreachable

QUEUE_MODEL = "hr.ai.analysis.job"
WAIT_PATH = "/hr_ai_interview/worker/wait"
MEDIA_PATH = "/hr_ai_interview/worker/media"
LIVE_MEDIA_TIMEOUT = 10.0  # seconds: a live utterance is a few seconds of audio, and HR is waiting
MAX_WAIT = 30  # seconds Odoo holds a long-poll at most


_BROKEN = (http.client.HTTPException, ConnectionError, TimeoutError)  # a connection that broke mid-answer


def _http_error(exc, what):
    """The worker's error for an HTTP error status answered on ``what``."""
    if exc.code >= 500 or exc.code == 429:
        return OdooUnreachable(f"Odoo answered HTTP {exc.code} on {what}")
    return OdooError(f"Odoo answered HTTP {exc.code} on {what}", status=exc.code)


def _unreachable(exc, url):
    return OdooUnreachable(f"cannot reach Odoo at {url}: {getattr(exc, 'reason', exc)}")


class OdooClient:
    def __init__(self, url, db, login, api_key, timeout=30.0):
        self.url = url.rstrip("/")
        self.db = db
        self.login = login
        self._key = api_key
        self.timeout = timeout
        self.uid = None
        self._ids = itertools.count(1)

    # -- transport -------------------------------------------------------------------------
    def _open(self, req, what, timeout=None):
        """urlopen ``req`` with the client's error mapping; the caller closes the response."""
        try:
            return urllib.request.urlopen(req, timeout=timeout or self.timeout)  # noqa: S310 - configured URL
        except urllib.error.HTTPError as exc:
            raise _http_error(exc, what) from exc
        except (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError) as exc:
            raise _unreachable(exc, self.url) from exc

    def _json(self, req, what, timeout=None):
        """The JSON object Odoo answers to ``req``."""
        try:
            with self._open(req, what, timeout) as resp:
                body = json.loads(resp.read())
        except _BROKEN as exc:  # while reading the answer
            raise _unreachable(exc, self.url) from exc
        except ValueError as exc:
            raise OdooError(f"Odoo's answer on {what} is not JSON (is {self.url} an Odoo server?)") from exc
        if not isinstance(body, dict):
            raise OdooError(f"Odoo's answer on {what} is not a JSON object")
        return body

    def _bearer(self, path, headers=None):
        """A GET request on one of the addon's bearer routes (API key in the Authorization header)."""
        return urllib.request.Request(self.url + path,
                                      headers={"Authorization": f"Bearer {self._key}", **(headers or {})})

    def _post_json(self, path, payload):
        req = urllib.request.Request(self.url + path, data=json.dumps(payload).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
        body = self._json(req, path)
        if body.get("error"):
            err = body["error"]
            data = err.get("data") or {}
            raise OdooError(data.get("message") or err.get("message") or "Odoo error")
        return body.get("result")

    def _rpc(self, service, method, *args):
        return self._post_json("/jsonrpc", {
            "jsonrpc": "2.0", "method": "call", "id": next(self._ids),
            "params": {"service": service, "method": method, "args": list(args)},
        })

    # -- API -------------------------------------------------------------------------------
    def authenticate(self):
        """Log in with the API key; raise ConfigError on wrong credentials."""
        try:
            uid = self._rpc("common", "authenticate", self.db, self.login, self._key, {})
        except OdooError as exc:
            raise ConfigError(f"Odoo refused the login (database {self.db!r}): {exc}") from exc
        if not uid:
            raise ConfigError(f"wrong login or API key for user {self.login!r} on database {self.db!r}")
        self.uid = uid
        return uid

    def call(self, model, method, *args, **kwargs):
        if self.uid is None:
            self.authenticate()
        return self._rpc("object", "execute_kw", self.db, self.uid, self._key, model, method, list(args), kwargs)

    # -- queue protocol --------------------------------------------------------------------
    def claim(self, worker_name, kinds, limit=1, lease_seconds=300):
        return self.call(QUEUE_MODEL, "worker_claim", worker_name, kinds, limit=limit, lease_seconds=lease_seconds)

    def heartbeat(self, job_id, lease_token, lease_seconds=300):
        return self.call(QUEUE_MODEL, "worker_heartbeat", job_id, lease_token, lease_seconds=lease_seconds)

    def submit(self, job_id, lease_token, result):
        return self.call(QUEUE_MODEL, "worker_submit", job_id, lease_token, result)

    def fail(self, job_id, lease_token, error, retryable=True):
        return self.call(QUEUE_MODEL, "worker_fail", job_id, lease_token, error, retryable=retryable)

    def wait_for_jobs(self, kinds, timeout=25):
        """Long-poll: return True as soon as a job of ``kinds`` is claimable, False after ``timeout``
        seconds (Odoo caps it at 30). Raises OdooError with status 404 when Odoo has no such route."""
        timeout = max(1, min(int(timeout), MAX_WAIT))
        query = urllib.parse.urlencode({"kinds": ",".join(kinds), "timeout": timeout}, safe=",")
        body = self._json(self._bearer(f"{WAIT_PATH}?{query}"), WAIT_PATH, timeout=timeout + 10)
        return bool(body.get("ready"))

    def download_media(self, job_id, lease_token, dest, max_bytes):
        """Stream the job's media to ``dest`` (bearer route; only for the lease holder)."""
        req = self._bearer(f"{MEDIA_PATH}/{int(job_id)}", {"X-Lease-Token": lease_token})
        return self._stream(req, dest, max_bytes, "media download")

    def download_path(self, path, lease_token, dest, max_bytes, timeout=LIVE_MEDIA_TIMEOUT):
        """Stream the media at ``path`` — a path on this Odoo that a payload names (a live utterance's
        ``media_url``) — to ``dest``, with the same authentication as :meth:`download_media` (bearer key and
        ``X-Lease-Token``). Only paths under the worker's media route are fetched: the API key is never sent
        to another host or route. InvalidInput (permanent) for any other path."""
        if not isinstance(path, str) or not _is_media_path(path):
            raise InvalidInput(f"the media path must lie under {MEDIA_PATH}/ on this Odoo: {str(path)[:80]!r}")
        req = self._bearer(path, {"X-Lease-Token": lease_token})
        return self._stream(req, dest, max_bytes, "media download", timeout=timeout)

    def _stream(self, req, dest, max_bytes, what, timeout=None):
        try:
            with self._open(req, what, timeout) as resp, open(dest, "wb") as out:
                copied = 0
                while chunk := resp.read(1 << 16):
                    copied += len(chunk)
                    if copied > max_bytes:
                        raise MediaTooLarge(f"media larger than {max_bytes} bytes")
                    out.write(chunk)
        except _BROKEN as exc:  # while streaming
            raise _unreachable(exc, self.url) from exc
        return dest


def _is_media_path(path):
    """A plain absolute path under the worker's media route: no scheme or host, no dot segments, no query."""
    parts = urllib.parse.urlsplit(path)
    return (not parts.scheme and not parts.netloc and not parts.query and not parts.fragment
            and path.startswith(MEDIA_PATH + "/") and "\\" not in path
            and all(seg not in ("", ".", "..") for seg in path[len(MEDIA_PATH) + 1:].split("/"))
            and all(ch.isascii() and ch.isprintable() and ch != " " for ch in path))


__all__ = ["OdooClient", "OdooError", "OdooUnreachable"]
