#!/usr/bin/env python3
"""The mailboxes of one bench/pop3.sh run (not a test): the same messages for Dovecot and mailfleet.

  mailboxes.py maildir --root DIR --users N --messages M --size BYTES
      writes each user's Maildir (DIR/USER/Maildir/new), as a delivery agent would have
  mailboxes.py send --port MX --users N --messages M --size BYTES
      sends the same messages over SMTP to 127.0.0.1:MX, one connection per user
  mailboxes.py wait --port POP3 --users N --messages M --timeout SECONDS
      polls POP3 STAT of every user until each maildrop holds exactly M messages
  mailboxes.py users --users N
      prints USER PASSWORD lines

Users are pop3bench01@example.test ... with password "bench-<user number>-secret". Message i of a
user is SIZE bytes in its network form (CRLF line ends), headers included; what a server adds on
delivery (Received, Return-Path) comes on top.
"""
import argparse
import os
import poplib
import signal
import smtplib
import socket
import sys
import time

DOMAIN = "example.test"
SENDER = "bench@example.org"
LINE = 76


def users(count):
    return [("pop3bench%02d@%s" % (n, DOMAIN), "bench-%02d-secret" % n) for n in range(1, count + 1)]


def message(user, number, size):
    """Message NUMBER of USER: exactly SIZE bytes with CRLF line ends, lines of at most 78 characters."""
    headers = [
        "From: POP3 bench <%s>" % SENDER,
        "To: <%s>" % user,
        "Subject: pop3 bench message %d" % number,
        "Date: Mon, 01 Jan 2024 00:00:00 +0000",
        "Message-ID: <pop3bench.%d.%s>" % (number, user),
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=us-ascii",
        "",
    ]
    used = sum(len(h) + 2 for h in headers)
    if size < used + 3:
        raise SystemExit("a message needs at least %d bytes, not %d" % (used + 3, size))
    body = []
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    remaining = size - used
    while remaining > 0:
        if remaining >= LINE + 2 + 3:
            length = LINE
        elif remaining <= LINE + 2:
            length = remaining - 2
        else:
            # Too long for one line, too short for a full line and a last one: two shorter lines.
            length = remaining - 2 - 3
        shift = (number + len(body)) % len(alphabet)
        rotated = alphabet[shift:] + alphabet[:shift]
        body.append((rotated * (length // len(rotated) + 1))[:length])
        remaining -= length + 2
    data = ("\r\n".join(headers + body) + "\r\n").encode("ascii")
    assert len(data) == size, (len(data), size)
    return data


def maildir(args):
    uid = gid = None
    if args.owner:
        import pwd
        entry = pwd.getpwnam(args.owner)
        uid, gid = entry.pw_uid, entry.pw_gid
    stamp = int(time.time())
    for user, _ in users(args.users):
        base = os.path.join(args.root, user, "Maildir")
        for sub in ("new", "cur", "tmp"):
            os.makedirs(os.path.join(base, sub), exist_ok=True)
        for number in range(1, args.messages + 1):
            crlf = message(user, number, args.size)
            stored = crlf.replace(b"\r\n", b"\n")
            # Unique names in Maildir's style, with S= (file size) and W= (size with CRLF) so that
            # Dovecot does not have to read a file to know either.
            name = "%d.M%dP%dQ%d.pop3bench,S=%d,W=%d" % (stamp, number, os.getpid(), number, len(stored), len(crlf))
            tmp = os.path.join(base, "tmp", name)
            with open(tmp, "wb") as out:
                out.write(stored)
            os.rename(tmp, os.path.join(base, "new", name))
    if uid is not None:
        for directory, subdirs, files in os.walk(args.root):
            os.chown(directory, uid, gid)
            for name in files:
                os.chown(os.path.join(directory, name), uid, gid)


def send(args):
    for user, _ in users(args.users):
        with smtplib.SMTP("127.0.0.1", args.port, local_hostname="bench.localhost", timeout=60) as smtp:
            for number in range(1, args.messages + 1):
                refused = smtp.sendmail(SENDER, [user], message(user, number, args.size))
                if refused:
                    raise SystemExit("%s refused: %s" % (user, refused))


def stat(port, user, password):
    client = poplib.POP3("127.0.0.1", port, timeout=30)
    try:
        client.user(user)
        client.pass_(password)
        count, _ = client.stat()
        client.quit()
        return count
    except BaseException:
        client.close()
        raise


def wait(args):
    deadline = time.monotonic() + args.timeout
    pending = dict(users(args.users))
    last = {}
    while pending:
        for user, password in list(pending.items()):
            try:
                count = stat(args.port, user, password)
            except (poplib.error_proto, OSError) as e:
                last[user] = str(e)
                continue
            last[user] = count
            if count == args.messages:
                del pending[user]
            elif count > args.messages:
                raise SystemExit("%s holds %d messages, more than the %d sent" % (user, count, args.messages))
        if not pending:
            break
        if time.monotonic() > deadline:
            raise SystemExit("after %d s, not every maildrop holds %d messages: %s" % (
                args.timeout, args.messages, ", ".join("%s: %s" % (u, last.get(u, "?")) for u in sorted(pending))))
        time.sleep(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("maildir", "send", "wait", "users"):
        command = commands.add_parser(name)
        command.add_argument("--users", type=int, required=True)
        if name != "users":
            command.add_argument("--messages", type=int, required=True)
        if name in ("maildir", "send"):
            command.add_argument("--size", type=int, required=True)
        if name in ("send", "wait"):
            command.add_argument("--port", type=int, required=True)
    commands.choices["maildir"].add_argument("--root", required=True)
    commands.choices["maildir"].add_argument("--owner", help="the system user the files belong to")
    commands.choices["wait"].add_argument("--timeout", type=int, default=300)
    args = parser.parse_args()
    if args.command == "maildir":
        maildir(args)
    elif args.command == "send":
        send(args)
    elif args.command == "wait":
        wait(args)
    else:
        for user, password in users(args.users):
            print(user, password)


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    try:
        main()
    except (OSError, smtplib.SMTPException, poplib.error_proto) as e:
        print("mailboxes.py: %s" % e, file=sys.stderr)
        sys.exit(1)
