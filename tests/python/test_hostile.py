"""Hostile input through the C entry points (userstore_call and userstore_request), from
Python ctypes: each of 200+ inputs gets an error status with a SPEC error body, and the
database file is byte-for-byte as it was (the same table idea as tests/hostile_input.rs,
which covers every HTTP route from Rust).

Run: python3 -m unittest discover -s tests/python
"""

import hashlib
import json
import tempfile
import unittest
from pathlib import Path

from test_ctypes import CONFIG, Store, load

PASSWORD = "Blue-Otter-47"

NASTY = [
    "'; DROP TABLE users; --",
    '" OR ""="',
    "' OR '1'='1",
    "1; DELETE FROM users",
    "%' OR 1=1 --",
    "`rm -rf /`",
    "a\u0000b",
    "\u202eevil",
    "zero\u200bwidth",
    "<script>alert(1)</script>",
    "line\nbreak",
    " leading",
    "",
    "a" * 251,
    "x" * (1024 * 1024),
]

NUMBERS = [0, -1, 2**63, 1e308, 1.5, "113", True, [], {}, None]


def files_digest(path):
    """SHA-256 of the database file and its WAL (everything a write would touch)."""
    h = hashlib.sha256()
    for p in (path, Path(str(path) + "-wal")):
        if p.exists():
            h.update(p.read_bytes())
    return h.hexdigest()


class HostileInputTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.path = Path(self.dir.name) / "hostile.db"
        self.store = Store(load(), {k: v for k, v in CONFIG.items() if k != "manualClockMs"}, self.path)
        status, body = self.store.call("createOrganization", {"name": "Acme"})
        self.assertEqual(status, 0, body)
        status, body = self.store.call(
            "createUser",
            {"name": "Jane Doe", "email": "jane@example.com", "password": PASSWORD,
             "organizationRoles": [{"organizationId": 1, "usersRoleId": 11}]},
        )
        self.assertEqual(status, 0, body)
        self.me = body["user"]["id"]
        status, body = self.store.call("login", {"email": "jane@example.com", "password": PASSWORD})
        self.bearer = "Bearer " + body["session"]["token"]

    def tearDown(self):
        self.store.close()
        self.dir.cleanup()

    def calls(self):
        """(op, args, auth, raw) tuples that must all be refused."""
        me, auth = self.me, self.bearer
        out = []
        for s in NASTY:
            out += [
                ("updateUser", {"userId": me, "name": s}, auth, None),
                ("updateUser", {"userId": me, "language": s}, auth, None),
                ("changeEmail", {"userId": me, "currentEmailAddress": "jane@example.com",
                                 "newEmailAddress": s, "currentPassword": PASSWORD}, auth, None),
                ("demandPasswordReset", {"email": s}, None, None),
                ("login", {"email": s, "password": PASSWORD}, None, None),
                ("openResetSession", {"hash": s}, None, None),
                ("resetPassword", {"resetSession": s, "newPassword1": "Green-Heron-58",
                                   "newPassword2": "Green-Heron-58"}, None, None),
                ("listUsers", {"organizationId": s}, auth, None),
                ("listUsers", {"organizationId": 1, "pg": {"sortBy": s}}, auth, None),
                ("listUsers", {"organizationId": 1, "cols": [s]}, auth, None),
                ("createApiToken", {"label": "ok", "scope": [s]}, auth, None),
                (s[:100] or "noSuchOp", {}, None, None),
            ]
        for n in NUMBERS:
            for field in ("timezoneId", "localeId", "countryId"):
                out.append(("updateUser", {"userId": me, field: n}, auth, None))
            out.append(("updateUser", {"userId": n, "name": "X"}, auth, None))
        for raw in (b"{", b"[]", b'"s"', b'{"a":1,"a":2}', b"{} x", b"[" * 100000 + b"]" * 100000):
            out.append(("updateUser", None, auth, raw))
        for p in ("e\u0301\u0301\u0301", "Aa1!\u0000", "\u202eAa1!xyz", "Aa1!" * 100, "Password1!"):
            out.append(("changePassword", {"userId": me, "currentPassword": PASSWORD,
                                            "newPassword1": p, "newPassword2": p}, auth, None))
        return out

    def requests(self):
        """(method, path, query, headers, body, raw) tuples that must all be refused."""
        auth = {"authorization": self.bearer}
        out = []
        for s in NASTY[:13]:
            out += [
                ("PATCH", f"/api/v2/users/{self.me}", "", auth, {"name": s}, None),
                ("POST", "/api/v2/users/password-reset-demand", "", {}, {"email": s}, None),
                ("GET", "/api/v2/users/password-reset", "hash=" + s.replace("\u0000", ""), {}, None, None),
            ]
        for path in ("/api/v2/../etc/passwd", "/api/v2/users/%2e%2e", "/api/v2/users/0", "/etc/passwd"):
            out.append(("GET", path, "", auth, None, None))
        for ct, raw in (("application/json", b'{"name":"A","name":"B"}'),
                        ("application/json", b"\xff\xfe"), ("application/json", b" " * (2 * 1024 * 1024))):
            out.append(("PATCH", f"/api/v2/users/{self.me}", "", dict(auth, **{"content-type": ct}), None, raw))
        # Signed in by the session cookie alone, a body not typed as JSON is a cross-site form's.
        cookie = {"cookie": "userstore_session=" + self.bearer.split(" ", 1)[1], "content-type": "text/plain"}
        out.append(("PATCH", f"/api/v2/users/{self.me}", "", cookie, None, b'{"name":"A"}'))
        return out

    def assert_error_body(self, body, what):
        self.assertIn(list(body), (["detail", "message", "code"], ["detail", "message", "code", "suberrors"]), what)
        self.assertTrue(body["code"].startswith(("SC4", "IM")), what)

    def test_every_hostile_input_is_refused_and_changes_nothing(self):
        before = files_digest(self.path)
        count = 0
        for op, args, auth, raw in self.calls():
            status, body = self.store.call(op, args, auth, raw_args=raw)
            what = f"{op} {json.dumps(args)[:80] if args is not None else raw[:40]}"
            self.assertNotEqual(status, 0, what)
            self.assert_error_body(body, what)
            count += 1
        for method, path, query, headers, body, raw in self.requests():
            status, answer, _ = self.store.request(method, path, query, headers, body, raw_body=raw)
            what = f"{method} {path} {query[:40]}"
            self.assertTrue(400 <= status < 500, f"{what}: {status}")
            self.assert_error_body(answer, what)
            count += 1
        self.assertGreaterEqual(count, 200)
        self.assertEqual(files_digest(self.path), before, "the database files changed")


if __name__ == "__main__":
    unittest.main()
