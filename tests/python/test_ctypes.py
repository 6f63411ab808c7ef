"""The C ABI from another language's FFI: Python ctypes (standard library only).

Loads libuserstore.so and runs the whole lost-password reset flow through userstore_call and
userstore_request, checking the wire bodies, the reset cookie and the error statuses.

The library is $USERSTORE_LIB, or target/debug/libuserstore.so ($CARGO_TARGET_DIR respected).
The status values are read from include/userstore.h, so this test cannot drift from the header.

Run: python3 -m unittest discover -s tests/python
"""

import ctypes
import json
import os
import re
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = {"insecureFastHashingForTestsOnly": True, "manualClockMs": 1767225600000}


def library_path():
    """The shared library to load."""
    if os.environ.get("USERSTORE_LIB"):
        return os.environ["USERSTORE_LIB"]
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    return str((ROOT / target if not target.is_absolute() else target) / "debug/libuserstore.so")


def header_statuses():
    """The userstore_status values, by name, from the committed header."""
    header = (ROOT / "include/userstore.h").read_text()
    return {name: int(value) for name, value in re.findall(r"(USERSTORE_\w+) = (\d+)", header)}


class Header(ctypes.Structure):
    """userstore_header."""

    _fields_ = [("name", ctypes.c_char_p), ("value", ctypes.c_char_p)]


def load():
    """The library with the signatures of the functions this test uses."""
    lib = ctypes.CDLL(library_path())
    p, s, u8p = ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_uint8)
    signatures = {
        "userstore_version": (s, []),
        "userstore_open_memory": (ctypes.c_int, [s, ctypes.POINTER(p)]),
        "userstore_open": (ctypes.c_int, [s, s, ctypes.POINTER(p)]),
        "userstore_close": (ctypes.c_int, [p]),
        # out_json is read as a raw pointer so that it can be freed.
        "userstore_call": (ctypes.c_int, [p, s, s, s, ctypes.POINTER(p)]),
        "userstore_call_as_system": (ctypes.c_int, [p, s, s, ctypes.POINTER(p)]),
        "userstore_string_free": (None, [p]),
        "userstore_last_error": (s, []),
        "userstore_request": (
            ctypes.c_int,
            [p, s, s, s, s, ctypes.POINTER(Header), ctypes.c_size_t, s, ctypes.c_size_t,
             ctypes.POINTER(p)],
        ),
        "userstore_response_status": (ctypes.c_uint16, [p]),
        "userstore_response_body": (u8p, [p]),
        "userstore_response_body_len": (ctypes.c_size_t, [p]),
        "userstore_response_header_value": (s, [p, s]),
        "userstore_response_free": (None, [p]),
    }
    for name, (restype, argtypes) in signatures.items():
        fn = getattr(lib, name)
        fn.restype, fn.argtypes = restype, argtypes
    return lib


class Store:
    """A thin Python wrapper: each method is one C call, with ownership handled."""

    def __init__(self, lib, config, path=None):
        self.lib = lib
        self.handle = ctypes.c_void_p()
        config_json = json.dumps(config).encode()
        if path is None:
            status = lib.userstore_open_memory(config_json, ctypes.byref(self.handle))
        else:
            status = lib.userstore_open(str(path).encode(), config_json, ctypes.byref(self.handle))
        if status != 0:
            raise RuntimeError(lib.userstore_last_error())

    def close(self):
        """userstore_close; returns the status."""
        return self.lib.userstore_close(self.handle)

    def call(self, op, args=None, auth=None, raw_args=None, anonymous=False):
        """userstore_call with `auth`; without it, the host's userstore_call_as_system (or,
        with `anonymous`, userstore_call with a NULL authorization): (status, parsed JSON
        body). `raw_args` (bytes) is sent as it is."""
        out = ctypes.c_void_p()
        encoded = raw_args if raw_args is not None else (
            json.dumps(args).encode() if args is not None else None)
        if auth or anonymous:
            status = self.lib.userstore_call(
                self.handle, auth.encode() if auth else None, op.encode(), encoded,
                ctypes.byref(out),
            )
        else:
            status = self.lib.userstore_call_as_system(
                self.handle, op.encode(), encoded, ctypes.byref(out)
            )
        try:
            return status, json.loads(ctypes.string_at(out.value).decode())
        finally:
            self.lib.userstore_string_free(out)

    def request(self, method, path, query="", headers=None, body=None, raw_body=None):
        """userstore_request: (HTTP status, parsed JSON body, set-cookie header or None).
        `raw_body` (bytes) is sent as it is, with the content type of `headers` if any."""
        pairs = list((headers or {}).items())
        data = raw_body or b""
        if body is not None:
            data = json.dumps(body).encode()
            pairs.append(("content-type", "application/json"))
        array = (Header * max(len(pairs), 1))(
            *[Header(k.encode(), v.encode()) for k, v in pairs]
        )
        response = ctypes.c_void_p()
        status = self.lib.userstore_request(
            self.handle, None, method.encode(), path.encode(), query.encode(), array, len(pairs),
            data, len(data), ctypes.byref(response),
        )
        if status != 0:
            raise RuntimeError(self.lib.userstore_last_error())
        try:
            length = self.lib.userstore_response_body_len(response)
            text = ctypes.string_at(self.lib.userstore_response_body(response), length)
            cookie = self.lib.userstore_response_header_value(response, b"set-cookie")
            return (
                self.lib.userstore_response_status(response),
                json.loads(text.decode()),
                cookie.decode() if cookie else None,
            )
        finally:
            self.lib.userstore_response_free(response)


class ResetFlowTest(unittest.TestCase):
    """The three-step reset, as a Python host would drive it."""

    def setUp(self):
        self.lib = load()
        self.status = header_statuses()
        self.store = Store(self.lib, CONFIG)

    def tearDown(self):
        self.store.close()

    def test_version(self):
        self.assertEqual(self.lib.userstore_version(), b"0.1.0")

    def test_reset_flow(self):
        store, st = self.store, self.status
        status, created = store.call(
            "createUser",
            {"name": "Jane Doe", "email": "jane@example.com", "password": "Blue-Otter-47"},
        )
        self.assertEqual(status, st["USERSTORE_OK"])
        jane = created["user"]["id"]
        status, login = store.call(
            "login", {"email": "jane@example.com", "password": "Blue-Otter-47"}
        )
        self.assertEqual(status, st["USERSTORE_OK"])
        old_session = login["session"]["token"]

        # 1. Demand: the same answer for known and unknown addresses.
        for email in ("JANE@example.com", "nobody@example.com"):
            code, body, _ = store.request(
                "POST", "/api/v2/users/password-reset-demand", body={"email": email}
            )
            self.assertEqual((code, body), (200, {"ok": 1}))
        status, outbox = store.call("outbox")
        self.assertEqual(status, st["USERSTORE_OK"])
        self.assertEqual(len(outbox["mails"]), 1)
        mail = outbox["mails"][0]
        self.assertEqual((mail["to"], mail["kind"]), ("jane@example.com", "password_reset"))
        reset_hash = re.search(r"reset-password\?hash=([0-9a-f]{32})", mail["body"]).group(1)
        self.assertEqual(store.call("acknowledgeMail", {"id": mail["id"]}), (0, {"ok": 1}))
        self.assertEqual(store.call("advanceClock", {"seconds": 60}), (0, {"ok": 1}))

        # 2. The mailed hash opens a reset session, once.
        code, body, cookie = store.request(
            "GET", "/api/v2/users/password-reset", query="hash=" + reset_hash
        )
        self.assertEqual((code, body), (200, {"ok": 1}))
        session = re.match(r"userstore_reset=([^;]+);", cookie).group(1)
        self.assertIn("HttpOnly; Secure; SameSite=Strict", cookie)
        code, body, cookie = store.request(
            "GET", "/api/v2/users/password-reset", query="hash=" + reset_hash
        )
        self.assertEqual((code, body["code"], cookie), (400, "SC400", None))

        # 3. The new password, inside the session; the policy applies.
        reset = {"cookie": "userstore_reset=" + session}
        code, body, _ = store.request(
            "POST", "/api/v2/users/password-reset", headers=reset,
            body={"newPassword1": "short", "newPassword2": "short"},
        )
        self.assertEqual((code, body["message"]), (400, "Validation failed"))
        self.assertGreaterEqual(len(body["suberrors"]), 4)
        code, body, _ = store.request(
            "POST", "/api/v2/users/password-reset", headers=reset,
            body={"newPassword1": "Green-Heron-58", "newPassword2": "Green-Heron-58"},
        )
        self.assertEqual((code, body), (200, {"ok": 1}))

        # After: old sessions end, the old password fails, the new one works.
        code, body, _ = store.request(
            "GET", "/api/v2/users/me", headers={"authorization": "Bearer " + old_session}
        )
        self.assertEqual((code, body["code"]), (401, "SC401"))
        status, body = store.call(
            "login", {"email": "jane@example.com", "password": "Blue-Otter-47"}
        )
        self.assertEqual((status, body["code"]), (st["USERSTORE_BAD_REQUEST"], "IM102"))
        self.assertIn(b'"IM102"', self.lib.userstore_last_error())
        status, body = store.call(
            "login", {"email": "jane@example.com", "password": "Green-Heron-58"}
        )
        self.assertEqual((status, body["session"]["userId"]), (st["USERSTORE_OK"], jane))
        self.assertIsNone(self.lib.userstore_last_error())
        status, me = store.call("me", {"cols": ["id"]}, auth="Bearer " + body["session"]["token"])
        self.assertEqual((status, me), (st["USERSTORE_OK"], {"authUser": {"id": jane}}))

    def test_errors_and_closed_handle(self):
        st = self.status
        status, body = self.store.call("noSuchOperation")
        self.assertEqual((status, body["code"]), (st["USERSTORE_NOT_FOUND"], "SC404"))
        # A NULL authorization is anonymous, never the host: no outbox, no user list.
        status, body = self.store.call("outbox", anonymous=True)
        self.assertEqual((status, body["code"]), (st["USERSTORE_UNAUTHORIZED"], "SC401"))
        extra = Store(self.lib, CONFIG)
        self.assertEqual(extra.close(), st["USERSTORE_OK"])
        self.assertEqual(extra.close(), st["USERSTORE_INVALID_HANDLE"])
        status, body = extra.call("roles")
        self.assertEqual((status, body["code"]), (st["USERSTORE_INVALID_HANDLE"], "SC400"))


if __name__ == "__main__":
    unittest.main()
