"""A real coturn (Debian's ``coturn``, installed by setup/install.sh) with ``use-auth-secret``: the time-limited
TURN credentials ``hr_ai_interview/tools/turn.py`` makes for the live interview's video call get a relay
allocation that carries data, and a wrong or expired credential gets none. coturn's own test client,
``turnutils_uclient``, plays the browser."""

import importlib.util
import os
import re
import shutil
import signal
import socket
import subprocess
import time

import pytest

from .conftest import REPO

SECRET = "pytest-static-auth-secret"
REALM = "hr-ai-test"


def _turn_tools():
    """tools/turn.py by its path: it imports nothing from Odoo."""
    spec = importlib.util.spec_from_file_location("hr_ai_turn", REPO / "hr_ai_interview" / "tools" / "turn.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


turn = _turn_tools()


def _free_udp_tcp_port():
    """A port free on 127.0.0.1 for UDP and TCP (coturn listens on both)."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.bind(("127.0.0.1", 0))
            port = udp.getsockname()[1]
            with socket.socket() as tcp:
                try:
                    tcp.bind(("127.0.0.1", port))
                except OSError:
                    continue
        return port
    pytest.fail("no free port on 127.0.0.1")


def stun_binding(port, timeout=1.0):
    """Send a STUN Binding request (RFC 5389) over UDP; return the response's message type, or None."""
    transaction = os.urandom(12)
    request = b"\x00\x01\x00\x00" + b"\x21\x12\xa4\x42" + transaction
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        sock.sendto(request, ("127.0.0.1", port))
        try:
            data = sock.recv(2048)
        except OSError:
            return None
    if len(data) < 20 or data[8:20] != transaction:
        return None
    return int.from_bytes(data[:2], "big")


def _binary(name):
    path = shutil.which(name)
    if not path:
        pytest.fail(f"{name} is missing: install Debian's coturn (setup/install.sh does)")
    return path


@pytest.fixture(scope="module")
def turn_server(tmp_path_factory):
    """coturn on a free port of 127.0.0.1, UDP and TCP, no TLS, no CLI, no config file; stopped at the end."""
    binary, _ = _binary("turnserver"), _binary("turnutils_uclient")
    folder = tmp_path_factory.mktemp("coturn")
    port = _free_udp_tcp_port()
    log_path = folder / "turnserver.log"
    log = open(log_path, "w")
    server = subprocess.Popen([
        binary, "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", f"--listening-port={port}",
        "--no-tls", "--no-dtls", "--no-rfc5780", "--no-cli", "--use-auth-secret", f"--static-auth-secret={SECRET}",
        f"--realm={REALM}", "--allow-loopback-peers", "--log-file=stdout", "--simple-log",
        f"--pidfile={folder / 'turnserver.pid'}", f"--userdb={folder / 'turndb'}",
    ], stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(40):
            if server.poll() is not None:
                pytest.fail(f"turnserver exited ({server.returncode}): {log_path.read_text()[-2000:]}")
            if stun_binding(port, timeout=0.25) is not None:
                break
        else:
            pytest.fail(f"turnserver does not answer on 127.0.0.1:{port}: {log_path.read_text()[-2000:]}")
        yield {"port": port, "log": log_path}
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(10)
        log.close()


def uclient(server, username, credential, tcp=False):
    """coturn's test client: two clients allocate a relay each and send 3 messages to each other through them
    (``-y``: no outside peer needed). Returns (exit code, output)."""
    args = [_binary("turnutils_uclient"), "-y", "-c", "-n", "3", "-m", "1", "-p", str(server["port"]),
            "-u", username, "-w", credential]
    done = subprocess.run(args + (["-t"] if tcp else []) + ["127.0.0.1"], capture_output=True, text=True,
                          timeout=60, check=False)
    return done.returncode, done.stdout + done.stderr


def test_stun_binding_answered(turn_server):
    assert stun_binding(turn_server["port"]) == 0x0101  # Binding success response


@pytest.mark.parametrize("tcp", [False, True], ids=["udp", "tcp"])
def test_allocation_with_time_limited_credentials(turn_server, tcp):
    username, credential = turn.rest_credentials(SECRET, "pytest", ttl=600)
    code, output = uclient(turn_server, username, credential, tcp=tcp)
    assert code == 0, output[-2000:]
    assert "Cannot complete Allocation" not in output
    received = [int(n) for n in re.findall(r"tot_recv_msgs=(\d+)", output)]
    assert received and received[-1] > 0, output[-2000:]  # data went through the relays


@pytest.mark.parametrize("case", ["wrong-secret", "tampered-username", "expired"])
def test_bad_credentials_refused(turn_server, case):
    username, credential = turn.rest_credentials(SECRET, "pytest", ttl=600)
    if case == "wrong-secret":
        credential = turn.credential_for("not-" + SECRET, username)
    elif case == "tampered-username":  # a later expiry than the one signed
        expiry, label = username.split(":", 1)
        username = f"{int(expiry) + 86400}:{label}"
    else:  # signed correctly, but expired ten minutes ago
        username, credential = turn.rest_credentials(SECRET, "pytest", ttl=600, now=time.time() - 1200)
    code, output = uclient(turn_server, username, credential)
    assert code != 0, output[-2000:]
    assert "Cannot complete Allocation" in output, output[-2000:]
