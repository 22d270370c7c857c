"""Sending one email through an SMTP relay on the event loop (for email and email-json subscriptions).

A plain SMTP conversation (RFC 5321): greeting, EHLO, MAIL FROM, RCPT TO, DATA with dot-stuffing,
QUIT; no TLS or authentication, since the relay is a local one (MailHog, smtp4dev, a test's own).
"""

from __future__ import annotations

import asyncio
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate, make_msgid

TIMEOUT = 15.0


async def _reply(reader: asyncio.StreamReader, timeout: float) -> int:
    """The code of the next (possibly multi-line) reply."""
    while True:
        line = await asyncio.wait_for(reader.readline(), timeout)
        if len(line) < 4:
            raise ValueError(f"not an SMTP reply: {line!r}")
        if line[3:4] != b"-":
            return int(line[:3])


async def send(relay: str, sender: str, recipient: str, subject: str, body: str, timeout: float = TIMEOUT) -> str:
    """Deliver one message; returns "" on success, else what went wrong."""
    host, _, port = relay.rpartition(":")
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, recipient, subject
    message["Date"], message["Message-ID"] = formatdate(localtime=False), make_msgid(domain="sns.amazonaws.com")
    message.set_content(body)
    data = message.as_bytes(policy=SMTP)
    data = b"\r\n".join(b"." + line if line.startswith(b".") else line for line in data.split(b"\r\n"))
    address = sender.rpartition("<")[2].rstrip(">")
    writer = None
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host or "127.0.0.1", int(port or 25)), timeout)
        steps: list[tuple[bytes | None, tuple[int, ...]]] = [
            (None, (220,)), (b"EHLO cumulo\r\n", (250,)), (f"MAIL FROM:<{address}>\r\n".encode(), (250,)),
            (f"RCPT TO:<{recipient}>\r\n".encode(), (250, 251)), (b"DATA\r\n", (354,)), (data.rstrip(b"\r\n") + b"\r\n.\r\n", (250,)),
            (b"QUIT\r\n", (221,)),
        ]
        for command, expected in steps:
            if command is not None:
                writer.write(command)
                await writer.drain()
            code = await _reply(reader, timeout)
            if code not in expected:
                return f"SMTP {code} after {(command or b'connect').split(b' ')[0].decode(errors='replace').strip()}"
        return ""
    except (OSError, asyncio.TimeoutError, ValueError) as e:
        return f"{type(e).__name__}: {e}"
    finally:
        if writer is not None:
            writer.close()
