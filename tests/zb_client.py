"""A small HTTP client for zhengban's API, shared by the Python tests (stdlib only)."""
import http.cookiejar
import json
import socket
import urllib.error
import urllib.request


def free_port():
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """A browser-like session: keeps the session cookie and sends the CSRF token."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.csrf = ""

    def call(self, method, path, body=None, timeout=10):
        """(status, parsed JSON body); HTTP errors are answers, not exceptions."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        if self.csrf:
            req.add_header("X-CSRF-Token", self.csrf)
        try:
            with self.opener.open(req, timeout=timeout) as r:
                return r.status, json.loads(r.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"null")

    def sign_in(self, user, password="zhengban2026"):
        status, body = self.call("POST", "/api/session",
                                 {"username": user, "password": password})
        assert status == 200, (status, body)
        self.csrf = body["csrf_token"]
        return body["user"]
