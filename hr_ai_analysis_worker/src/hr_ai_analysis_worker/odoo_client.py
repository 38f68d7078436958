"""The only module that talks to Odoo: JSON-RPC (``/jsonrpc``) and the worker's bearer routes.

Every request has a timeout. Authentication uses an API key of the worker's Odoo user.
"""

import itertools
import json
import urllib.error
import urllib.request

from .errors import ConfigError, RetryableError, WorkerError

QUEUE_MODEL = "hr.ai.analysis.job"


class OdooError(WorkerError):
    """Odoo answered with an error."""


class OdooUnreachable(RetryableError):
    """Odoo could not be reached (network, timeout, 5xx)."""


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
    def _post_json(self, path, payload):
        data = json.dumps(payload).encode()
        req = urllib.request.Request(
            self.url + path, data=data, headers={"Content-Type": "application/json"}, method="POST"
        )
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310 - configured URL
                body = json.loads(resp.read())
        except urllib.error.HTTPError as exc:
            if exc.code >= 500 or exc.code == 429:
                raise OdooUnreachable(f"Odoo answered HTTP {exc.code} on {path}") from exc
            raise OdooError(f"Odoo answered HTTP {exc.code} on {path}") from exc
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            raise OdooUnreachable(f"cannot reach Odoo at {self.url}: {getattr(exc, 'reason', exc)}") from exc
        except ValueError as exc:
            raise OdooError(f"Odoo's answer on {path} is not JSON (is {self.url} an Odoo server?)") from exc
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

    def download_media(self, job_id, lease_token, dest, max_bytes):
        """Stream the job's media to ``dest`` (bearer route; only for the lease holder)."""
        req = urllib.request.Request(
            f"{self.url}/hr_ai_interview/worker/media/{int(job_id)}",
            headers={"Authorization": f"Bearer {self._key}", "X-Lease-Token": lease_token},
        )
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp, open(dest, "wb") as out:  # noqa: S310
                copied = 0
                while chunk := resp.read(1 << 16):
                    copied += len(chunk)
                    if copied > max_bytes:
                        raise OdooError(f"media larger than {max_bytes} bytes")
                    out.write(chunk)
        except urllib.error.HTTPError as exc:
            if exc.code >= 500:
                raise OdooUnreachable(f"media download failed: HTTP {exc.code}") from exc
            raise OdooError(f"media download refused: HTTP {exc.code}") from exc
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            raise OdooUnreachable(f"media download failed: {getattr(exc, 'reason', exc)}") from exc
        return dest


__all__ = ["OdooClient", "OdooError", "OdooUnreachable"]
