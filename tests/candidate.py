"""The candidate's side over plain HTTP (no browser): open the link, consent, upload answers, submit."""

import http.cookiejar
import json
import re
import urllib.parse
import urllib.request
import uuid
from html import unescape


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, data, ctype) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f"Content-Type: {ctype}\r\n\r\n".encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def candidate_session(link):
    """Open the link and give the two consents; return the opener, base URL, CSRF token and recorder config."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    base = link.split("/ai-interview/")[0]
    html = opener.open(link, timeout=30).read().decode()
    csrf = re.search(r'csrf_token: "([^"]+)"', html).group(1)
    notice = re.search(r'name="notice_hash" value="([0-9a-f]+)"', html).group(1)
    data = urllib.parse.urlencode({"csrf_token": csrf, "notice_hash": notice, "consent_recording": "1",
                                   "consent_ai_analysis": "1"}).encode()
    html = opener.open(base + "/ai-interview/session/consent", data=data, timeout=30).read().decode()
    config = json.loads(unescape(re.search(r'data-config="([^"]+)"', html).group(1)))
    return {"opener": opener, "base": base, "csrf": re.search(r'csrf_token: "([^"]+)"', html).group(1),
            "config": config}


def answer_request(session, question_id, media, duration=60):
    body, ctype = multipart({"csrf_token": session["csrf"], "question_id": question_id, "duration": str(duration)},
                            {"media": ("a.webm", media, "video/webm")})
    return urllib.request.Request(session["base"] + "/ai-interview/session/answer", data=body,
                                  headers={"Content-Type": ctype})


def upload(session, question_id, media, duration=60):
    assert json.loads(session["opener"].open(answer_request(session, question_id, media, duration),
                                             timeout=120).read())["ok"]


def submit(session):
    data = urllib.parse.urlencode({"csrf_token": session["csrf"]}).encode()
    reply = session["opener"].open(session["base"] + "/ai-interview/session/submit", data=data, timeout=60).read()
    assert json.loads(reply)["ok"]


def candidate_answers_over_http(link, media, answers=1):
    """The whole interview without a browser: open link, consent, upload ``answers`` answers, submit."""
    session = candidate_session(link)
    for question in session["config"]["questions"][:answers]:
        upload(session, question["id"], media)
    submit(session)
