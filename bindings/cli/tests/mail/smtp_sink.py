"""A real SMTP server on loopback for the courier's tests: aiosmtpd (Debian's
python3-aiosmtpd, so run it with /usr/bin/python3).

    smtp_sink.py PORT

Prints "ready" once it listens, then one JSON object per received mail on stdout:
{"from", "to", "subject", "contentType", "text", "html"}, the parts decoded.
"""

import json
import sys
import time
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


class Sink:
    async def handle_DATA(self, server, session, envelope):
        msg = message_from_bytes(envelope.content, policy=policy.default)
        text = msg.get_body(preferencelist=("plain",))
        html = msg.get_body(preferencelist=("html",))
        print(
            json.dumps(
                {
                    "from": str(msg["From"]),
                    "to": str(msg["To"]),
                    "envelopeTo": envelope.rcpt_tos,
                    "subject": str(msg["Subject"]),
                    "contentType": msg.get_content_type(),
                    "text": text.get_content() if text else None,
                    "html": html.get_content() if html else None,
                }
            ),
            flush=True,
        )
        return "250 OK"


controller = Controller(Sink(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
try:
    while True:
        time.sleep(3600)
except KeyboardInterrupt:
    controller.stop()
