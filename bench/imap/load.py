#!/usr/bin/env python3
"""IMAP load for bench/imap.sh (a benchmark, not a test), Python's standard library only.

  load.py users --users N
      prints USER PASSWORD lines (imapbench001@example.test ... with "bench-<n>-secret")
  load.py maildir --root DIR (--user USER | --users-file F) --messages M --size BYTES [--owner USER]
      writes M messages into each user's Maildir INBOX (DIR/USER/Maildir/new), as a delivery agent would
  load.py messages --user USER --messages M --size BYTES
      writes the same messages to stdout, each framed as its length in decimal, a line feed, its octets
      (CRLF line ends, as SMTP carries them): what bench/store's MailboxFiller appends straight into
      mailfleet's store
  load.py send --port P [--lmtp] (--users N | --user U) --messages M --size BYTES [--connections C]
      sends the same messages over SMTP (or LMTP) to 127.0.0.1:P, one connection per user, or C
      connections at once that share one user's messages (to fill a large mailbox sooner)
  load.py wait --port P (--users N | --user U --password W) --messages M --timeout S
      polls STATUS INBOX (MESSAGES) of every user until each holds at least M messages
  load.py mixed --port P --users-file F --clients C --seconds S --warmup W --out RESULT.json
      C client processes; each repeats a session on the next account of its own share of the users:
      LOGIN, LIST, STATUS, SELECT, FETCH of every message's FLAGS, of 10 ENVELOPEs, of one body,
      STORE, APPEND, then STORE \\Deleted and EXPUNGE of the appended message (the mailbox keeps its
      size), LOGOUT. Counts commands that end in the measured window: ops/s, p50/p99 per command, and
      the octets each way on the socket per command. --compress: each session sends COMPRESS DEFLATE
      after LOGIN (RFC 4978) and speaks raw DEFLATE from then on; the octets counted are compressed.
  load.py requests --port P --users-file F --cql-port Q --keyspace K [--sessions N]
      N sessions of the mixed load one after another, on an otherwise idle server: the requests Cassandra
      served (its native transport's, from system_views) for each command, the median over the sessions
      less what the counting itself costs (measured over an empty interval), and reads and writes per table
  load.py big --port P --user U --password W --out RESULT.json
      on a large mailbox: SELECT and UID FETCH 1:* (FLAGS), twice each (first and second session)
  load.py search --port P --user U --password W [--rounds R] --out RESULT.json
      on a mailbox of the bench's messages: R rounds of UID SEARCH BODY, each for a string in one message's
      body only (bench<n>-) and for one in none, which every message must be looked at for: p50, p99
  load.py sort --port P --user U --password W [--rounds R] --out RESULT.json
      R rounds each of UID SORT (DATE) UTF-8 ALL and UID SORT (REVERSE ARRIVAL) UTF-8 ALL: p50, p99 of
      the answers that are right (checked against the dates the mailbox reports, fetched once)
  load.py qresync --port P --user U --password W [--rounds R] [--changes N] --out RESULT.json
      R rounds: another session sets \\Flagged on 70% of N messages and expunges the others, then a
      client that holds the mailbox's UIDVALIDITY, HIGHESTMODSEQ and UIDs reconnects, ENABLE QRESYNC,
      SELECT INBOX (QRESYNC (...)); p50, p99 of the SELECTs whose answer holds exactly those changes
  load.py push --port P [--also-port P2...] --deliver-port D [--lmtp] --users-file F --sessions K --rate R --count N --out RESULT.json
      K sessions in IDLE on K users' INBOX, spread round-robin over the servers on P and each P2 (other
      instances of the same service); N messages sent at R msg/s round-robin to those users over SMTP
      (or LMTP) to D; latency from each 250 to the untagged EXISTS at the client: p50, p99
  load.py idle-rss --port P --users-file F --sessions N --server-pid PID --out RESULT.json
      N sessions over TLS (implicit), each LOGIN, SELECT INBOX, IDLE; the server's memory (PID and its
      descendants, by PSS) before and with all of them open: bytes per session
  load.py scrape --url URL --out FILE
      saves a Prometheus scrape of a service (its /q/metrics) to FILE
  load.py push-stages BEFORE AFTER
      from scrapes of delivery-worker and the gateways (each file the concatenation of all three), the
      stages of the IDLE pushes in between, as the services time them: count, mean, p50 and p99 per stage
  load.py command-seconds BEFORE AFTER
      from two scrapes of imap-gateway, the commands it carried out in between: per command the count,
      the mean and the p50/p99 of its own histogram (mailfleet_imap_command_duration_seconds, the
      store work per command, without the network), each percentile as its bucket's upper bound
  load.py report RESULT.json...
      prints the results side by side and the ratios mailfleet/Dovecot
  load.py jfr-top RECORDING.jfr [--top N]
      the methods most often on top of the stack in a JFR recording's execution samples (with the
      JDK's jfr tool), and the project's own frames (io.mailfleet) that were nearest the top
"""
import argparse
import asyncio
import collections
import datetime
import email.utils
import imaplib
import json
import multiprocessing
import os
import re
import signal
import smtplib
import socket
import ssl
import sys
import threading
import time
import zlib

DOMAIN = "example.test"
SENDER = "bench@example.org"
LINE = 76
EXISTS = re.compile(rb"^\* (\d+) EXISTS\r?$")
FIRST_DATE = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
COMMANDS = ["LOGIN", "LIST", "STATUS", "SELECT", "FETCH FLAGS", "FETCH ENVELOPE", "FETCH BODY", "STORE",
            "APPEND", "EXPUNGE", "LOGOUT"]
# The session's STORE of \Deleted on what it appended, before its EXPUNGE: not timed, its requests counted apart.
UNTIMED_STORE = "(STORE \\Deleted)"


def users(count):
    return [("imapbench%03d@%s" % (n, DOMAIN), "bench-%03d-secret" % n) for n in range(1, count + 1)]


def read_users(path):
    with open(path, encoding="utf-8") as lines:
        return [tuple(line.split()) for line in lines if line.strip()]


def sent_date(number):
    """Message NUMBER's Date: a minute of 2024's first months in a shuffled order (7,919 and 100,003 are
    prime, so numbers below 100,003 have distinct dates), so that SORT (DATE) has a real order to find.
    Always of the same length ("Mon, 01 Jan 2024 00:00:00 +0000"), so messages keep their size."""
    return email.utils.format_datetime(FIRST_DATE + datetime.timedelta(minutes=number * 7919 % 100003))


def message(user, number, size):
    """Message NUMBER of USER: exactly SIZE bytes with CRLF line ends."""
    headers = [
        "From: IMAP bench <%s>" % SENDER,
        "To: <%s>" % user,
        "Subject: imap bench message %d" % number,
        "Date: %s" % sent_date(number),
        "Message-ID: <imapbench.%d.%s>" % (number, user),
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=us-ascii",
        "",
    ]
    used = sum(len(h) + 2 for h in headers)
    body, remaining = [], size - used
    if remaining < 3:
        raise SystemExit("a message needs at least %d bytes" % (used + 3))
    while remaining > 0:
        length = LINE if remaining >= LINE + 5 else (remaining - 2 if remaining <= LINE + 2 else remaining - 5)
        body.append(("bench%d-" % number * 20)[:length].ljust(length, "x"))
        remaining -= length + 2
    data = ("\r\n".join(headers + body) + "\r\n").encode("ascii")
    assert len(data) == size, (len(data), size)
    return data


def percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def server_memory(pid):
    """Memory of PID and all its descendants, in bytes: the sum of their proportional set sizes (PSS,
    from /proc/PID/smaps_rollup), so that pages a multi-process server's processes share (libraries,
    shared mappings) count once, not once per process as their RSS would; VmRSS where PSS is missing."""
    children = collections.defaultdict(list)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/stat" % entry) as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
                children[int(fields[1])].append(int(entry))
            except OSError:
                pass
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        pending.extend(children.get(current, []))
        total += process_memory(current)
    return total


def process_memory(pid):
    for path, field in (("/proc/%d/smaps_rollup" % pid, "Pss:"), ("/proc/%d/status" % pid, "VmRSS:")):
        try:
            with open(path) as lines:
                for line in lines:
                    if line.startswith(field):
                        return int(line.split()[1]) * 1024
        except OSError:
            pass
    return 0


# ------------------------------------------------------------------------------------------ setup

def write_maildir(args):
    uid = gid = None
    if args.owner:
        import pwd
        entry = pwd.getpwnam(args.owner)
        uid, gid = entry.pw_uid, entry.pw_gid
    names = [args.user] if args.user else [user for user, _ in read_users(args.users_file)]
    stamp = int(time.time())
    for user in names:
        base = os.path.join(args.root, user, "Maildir")
        for sub in ("new", "cur", "tmp"):
            os.makedirs(os.path.join(base, sub), exist_ok=True)
        for number in range(1, args.messages + 1):
            crlf = message(user, number, args.size)
            stored = crlf.replace(b"\r\n", b"\n")
            # S= and W= (sizes with LF and CRLF) spare Dovecot reading a file to know them.
            name = "%d.M%dP%d.imapbench,S=%d,W=%d" % (stamp, number, os.getpid(), len(stored), len(crlf))
            with open(os.path.join(base, "new", name), "wb") as out:
                out.write(stored)
            if uid is not None:
                os.chown(os.path.join(base, "new", name), uid, gid)
        if uid is not None:
            for directory in (os.path.join(args.root, user), base) + tuple(os.path.join(base, sub) for sub in ("new", "cur", "tmp")):
                os.chown(directory, uid, gid)


def write_messages(args):
    out = sys.stdout.buffer
    for number in range(1, args.messages + 1):
        data = message(args.user, number, args.size)
        out.write(b"%d\n" % len(data))
        out.write(data)
    out.flush()


def connect_sender(port, lmtp):
    if lmtp:
        client = smtplib.LMTP("127.0.0.1", port, timeout=60)
        client.ehlo("bench.localhost")
        return client
    return smtplib.SMTP("127.0.0.1", port, local_hostname="bench.localhost", timeout=60)


def send_numbers(port, lmtp, user, numbers, size):
    with connect_sender(port, lmtp) as sender:
        for number in numbers:
            refused = sender.sendmail(SENDER, [user], message(user, number, size))
            if refused:
                raise SystemExit("%s refused: %s" % (user, refused))


def send(args):
    for user in [args.user] if args.user else [user for user, _ in users(args.users)]:
        numbers = range(1, args.messages + 1)
        if args.connections == 1:
            send_numbers(args.port, args.lmtp, user, numbers, args.size)
            continue
        senders = [multiprocessing.Process(target=send_numbers, args=(
            args.port, args.lmtp, user, numbers[i::args.connections], args.size)) for i in range(args.connections)]
        for sender in senders:
            sender.start()
        for sender in senders:
            sender.join()
        if any(sender.exitcode != 0 for sender in senders):
            raise SystemExit("sending to %s failed in %d of %d connections" % (
                user, sum(1 for sender in senders if sender.exitcode != 0), args.connections))


def wait(args):
    deadline = time.monotonic() + args.timeout
    pending = {args.user: args.password} if args.user else dict(users(args.users))
    while pending:
        for user, password in list(pending.items()):
            try:
                client = imaplib.IMAP4("127.0.0.1", args.port, timeout=30)
                client.login(user, password)
                _, data = client.status("INBOX", "(MESSAGES)")
                client.logout()
                if int(re.search(rb"MESSAGES (\d+)", data[0]).group(1)) >= args.messages:
                    del pending[user]
            except (imaplib.IMAP4.error, OSError):
                pass
        if pending and time.monotonic() > deadline:
            raise SystemExit("after %d s, %d INBOXes hold fewer than %d messages" % (args.timeout, len(pending), args.messages))
        if pending:
            time.sleep(1)


# ------------------------------------------------------------------------------------------ IMAP client

# imaplib refuses commands it has no state table entry for; COMPRESS (RFC 4978) is valid once logged in.
imaplib.Commands.setdefault("COMPRESS", ("AUTH", "SELECTED"))


class CountingIMAP(imaplib.IMAP4):
    """imaplib's client counting the octets that cross the socket each way and, after compress(), speaking
    COMPRESS=DEFLATE (RFC 4978): raw DEFLATE (zlib's wbits -15) both ways, each command sent with a sync
    flush so that it leaves whole. The counts are of the socket's octets, compressed when compression is on."""

    def __init__(self, port, timeout=60):
        self.sent = self.received = 0
        self.inflater = self.deflater = None
        self.pending = bytearray()  # read from the socket (and inflated), not yet taken by imaplib
        super().__init__("127.0.0.1", port, timeout=timeout)

    def compress(self):
        typ, data = self._simple_command("COMPRESS", "DEFLATE")
        if typ != "OK":
            raise imaplib.IMAP4.error("COMPRESS DEFLATE: %s" % data)
        # The server compresses from the octet after its tagged OK on, which nothing follows before our next command.
        self.inflater = zlib.decompressobj(wbits=-15)
        self.deflater = zlib.compressobj(wbits=-15)

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            return False
        self.received += len(chunk)
        self.pending += self.inflater.decompress(chunk) if self.inflater else chunk
        return True

    def read(self, size):
        while len(self.pending) < size and self._fill():
            pass
        data = bytes(self.pending[:size])
        del self.pending[:size]
        return data

    def readline(self):
        while (end := self.pending.find(b"\n")) < 0:
            if not self._fill():
                end = len(self.pending) - 1
                break
        line = bytes(self.pending[:end + 1])
        del self.pending[:end + 1]
        return line

    def send(self, data):
        if self.deflater:
            data = self.deflater.compress(data) + self.deflater.flush(zlib.Z_SYNC_FLUSH)
        self.sent += len(data)
        self.sock.sendall(data)


# ------------------------------------------------------------------------------------------ mixed load

def session(port, user, password, timings, size, compress=False, between=lambda name: None):
    """One session of the mixed load. TIMINGS gets (command, seconds, ended at, octets sent, octets received)
    per timed command; the octets of an untimed command (COMPRESS, the STORE \\Deleted) count with the next.
    BETWEEN(name) is called before each timed command, before the untimed STORE \\Deleted and after the last
    command (with None), outside the timed ones' time."""
    counted = [0, 0]

    def timed(name, call):
        between(name)
        start = time.perf_counter()
        typ, data = call()
        ended = time.perf_counter()
        timings.append((name, ended - start, time.monotonic(), client.sent - counted[0], client.received - counted[1]))
        counted[:] = client.sent, client.received
        # imaplib's logout() returns the server's untagged BYE.
        if typ not in ("OK", "BYE"):
            raise imaplib.IMAP4.error("%s: %s" % (name, data))
        return data

    client = CountingIMAP(port)
    try:
        timed("LOGIN", lambda: client.login(user, password))
        if compress:
            client.compress()
        timed("LIST", lambda: client.list())
        timed("STATUS", lambda: client.status("INBOX", "(MESSAGES UNSEEN UIDNEXT)"))
        exists = int(timed("SELECT", lambda: client.select("INBOX"))[0])
        timed("FETCH FLAGS", lambda: client.fetch("1:*", "(FLAGS)"))
        timed("FETCH ENVELOPE", lambda: client.fetch("1:%d" % min(10, exists), "(ENVELOPE)"))
        timed("FETCH BODY", lambda: client.fetch(str(1 + int(time.monotonic() * 1000) % exists), "(BODY.PEEK[])"))
        timed("STORE", lambda: client.store(str(exists), "+FLAGS", "(\\Flagged)"))
        appended = timed("APPEND", lambda: client.append("INBOX", None, None, message(user, 0, size)))
        uid = re.search(rb"APPENDUID \d+ (\d+)", appended[0])
        between(UNTIMED_STORE)
        if uid:
            client.uid("STORE", uid.group(1).decode(), "+FLAGS", "(\\Deleted)")
        else:
            client.store(str(exists + 1), "+FLAGS", "(\\Deleted)")
        timed("EXPUNGE", lambda: client.expunge())
        timed("LOGOUT", lambda: client.logout())
        between(None)
    except BaseException:
        try:
            client.shutdown()
        except OSError:
            pass
        raise


def mixed_worker(port, accounts, size, compress, start_at, measure_at, end_at, results):
    while time.monotonic() < start_at:
        time.sleep(0.001)
    timings, errors, index = [], collections.Counter(), 0
    while time.monotonic() < end_at:
        user, password = accounts[index % len(accounts)]
        index += 1
        try:
            session(port, user, password, timings, size, compress)
        except (imaplib.IMAP4.error, OSError, zlib.error) as error:
            if time.monotonic() >= measure_at:
                errors["%s %s" % (type(error).__name__, str(error)[:80])] += 1
    counted = [(name, seconds, sent, received) for name, seconds, at, sent, received in timings if measure_at <= at < end_at]
    results.put({"timings": counted, "errors": dict(errors)})


def mixed(args):
    accounts = read_users(args.users_file)
    clients = min(args.clients, len(accounts))
    start_at = time.monotonic() + 1
    measure_at = start_at + args.warmup
    end_at = measure_at + args.seconds
    results = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=mixed_worker, args=(
        args.port, accounts[i::clients], args.size, args.compress, start_at, measure_at, end_at, results)) for i in range(clients)]
    for worker in workers:
        worker.start()
    collected = [results.get(timeout=args.warmup + args.seconds + 300) for _ in workers]
    for worker in workers:
        worker.join()
    by_command = collections.defaultdict(list)
    octets = collections.defaultdict(lambda: [0, 0])
    errors = collections.Counter()
    for result in collected:
        for name, seconds, sent, received in result["timings"]:
            by_command[name].append(seconds)
            octets[name][0] += sent
            octets[name][1] += received
        errors.update(result["errors"])
    total = sum(len(v) for v in by_command.values())
    out = {"label": args.label, "kind": "mixed-deflate" if args.compress else "mixed", "clients": clients,
           "seconds": args.seconds, "ops_per_second": total / args.seconds,
           "sessions_per_second": len(by_command["LOGOUT"]) / args.seconds,
           "sent_per_op": sum(sent for sent, _ in octets.values()) / total if total else 0,
           "received_per_op": sum(received for _, received in octets.values()) / total if total else 0,
           "commands": {name: {"count": len(by_command[name]),
                               "p50_ms": 1000 * percentile(by_command[name], 0.50),
                               "p99_ms": 1000 * percentile(by_command[name], 0.99),
                               "sent_per_op": octets[name][0] / len(by_command[name]),
                               "received_per_op": octets[name][1] / len(by_command[name])}
                        for name in COMMANDS if by_command[name]},
           "errors": dict(errors)}
    write(args.out, out)


def requests(args):
    """Cassandra's requests per command of the mixed load, each session alone on the server."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
    import cql_counts
    cql = cql_counts.Connection(args.cql_port)

    def counts():
        found = {"requests": 0}
        for name, completed in cql.rows("SELECT name, completed_tasks FROM system_views.thread_pools"):
            if name == "Native-Transport-Requests":
                found["requests"] = completed
        for view, prefix in (("coordinator_read_latency", "reads of "), ("local_write_latency", "writes to ")):
            for table, count in cql.rows("SELECT table_name, count FROM system_views.%s WHERE keyspace_name = '%s'"
                                         % (view, args.keyspace)):
                found[prefix + table] = count
        return found

    # What a snapshot costs by itself (its own queries count as requests), over empty intervals.
    overhead = []
    for _ in range(5):
        first = counts()
        overhead.append(counts()["requests"] - first["requests"])
    overhead = sorted(overhead)[len(overhead) // 2]
    per_command = collections.defaultdict(lambda: collections.defaultdict(list))
    current = [None, None]

    def between(name):
        now = counts()
        if current[0] is not None:
            for key, value in now.items():
                grown = value - current[1].get(key, 0) - (overhead if key == "requests" else 0)
                per_command[current[0]][key].append(grown)
        current[:] = name, now

    accounts = read_users(args.users_file)
    for i in range(args.sessions):
        user, password = accounts[i % len(accounts)]
        current[:] = None, None
        session(args.port, user, password, [], args.size, between=between)
    print("Cassandra per command, one session at a time (median of %d sessions; the counting's own %d requests "
          "per interval taken out):" % (args.sessions, overhead))
    for name in COMMANDS[:COMMANDS.index("EXPUNGE")] + [UNTIMED_STORE] + COMMANDS[COMMANDS.index("EXPUNGE"):]:
        if name not in per_command:
            continue
        medians = {key: sorted(values)[len(values) // 2] for key, values in per_command[name].items()}
        tables = ", ".join("%s %d" % (key, value) for key, value in sorted(medians.items())
                           if key != "requests" and value > 0)
        print("  %-15s %3d requests  (%s)" % (name, medians["requests"], tables or "no table reads or writes"))


# ------------------------------------------------------------------------------------------ big mailbox

def big(args):
    out = {"label": args.label, "kind": "big", "runs": []}
    for _ in range(2):
        client = imaplib.IMAP4("127.0.0.1", args.port, timeout=600)
        client.login(args.user, args.password)
        start = time.perf_counter()
        typ, data = client.select("INBOX")
        selected = time.perf_counter() - start
        if typ != "OK":
            raise SystemExit("SELECT failed: %s" % data)
        exists = int(data[0])
        start = time.perf_counter()
        typ, data = client.uid("FETCH", "1:*", "(FLAGS)")
        fetched = time.perf_counter() - start
        client.logout()
        out["runs"].append({"exists": exists, "fetched": sum(1 for item in data if item and b"FLAGS" in item),
                            "select_ms": 1000 * selected, "fetch_flags_ms": 1000 * fetched})
    write(args.out, out)


# ------------------------------------------------------------------------------------------ BODY search

def search(args):
    client = imaplib.IMAP4("127.0.0.1", args.port, timeout=600)
    client.login(args.user, args.password)
    typ, data = client.select("INBOX", readonly=True)
    if typ != "OK":
        raise SystemExit("SELECT failed: %s" % data)
    exists = int(data[0])
    times, found = [], []
    for round_number in range(args.rounds):
        # Message n's body repeats "bench<n>-": a string in that message alone, at spread-out places.
        for needle in ("bench%d-" % (1 + (round_number * 7919) % exists), "absent%d" % round_number):
            start = time.perf_counter()
            typ, data = client.uid("SEARCH", "BODY", needle)
            times.append(1000 * (time.perf_counter() - start))
            if typ != "OK":
                raise SystemExit("SEARCH BODY %s failed: %s" % (needle, data))
            found.append(len(data[0].split()))
    client.logout()
    write(args.out, {"label": args.label, "kind": "search", "exists": exists, "searches": len(times),
                     "found": found, "p50_ms": percentile(times, 0.5), "p99_ms": percentile(times, 0.99), "times_ms": times})


# ------------------------------------------------------------------------------------------ SORT

SORTS = {"DATE": "(DATE)", "REVERSE ARRIVAL": "(REVERSE ARRIVAL)"}


def sort_expected(client):
    """What each sort must answer, from the mailbox's own data (fetched once, not timed): the UIDs by sent
    date, ties in mailbox order (RFC 5256 §3), and the internal date of each UID."""
    typ, data = client.uid("FETCH", "1:*", "(UID INTERNALDATE BODY.PEEK[HEADER.FIELDS (DATE)])")
    if typ != "OK":
        raise SystemExit("FETCH of the dates failed: %s" % data)
    dated, arrived = [], {}
    for text, literal in fetched_messages(data):
        uid = int(re.search(rb"\bUID (\d+)", text).group(1))
        arrived[uid] = time.mktime(imaplib.Internaldate2tuple(text))
        header = literal.decode("ascii").split(":", 1)[1].strip()
        # UIDs ascend in mailbox order, so they break ties as the sequence numbers would.
        dated.append((email.utils.parsedate_to_datetime(header), uid))
    return [uid for _, uid in sorted(dated)], arrived


def fetched_messages(data):
    """imaplib's FETCH data as [the response's text around its literal, the literal] per message: imaplib
    splits a response at its literal, and the items a server writes after it come as the next element."""
    out = []
    for item in data:
        if isinstance(item, tuple):
            out.append([item[0], item[1]])
        elif item and out and not re.match(rb"\d+ \(", item):
            out[-1][0] += item
        elif item:
            out.append([item, None])
    return out


def sort_answer_wrong(criteria, uids, by_date, arrived):
    """Why the answer to UID SORT CRITERIA is wrong, or None when it is right."""
    if sorted(uids) != sorted(by_date):
        return "%d UIDs answered for %d messages (or not each once)" % (len(uids), len(by_date))
    if criteria == "DATE":
        first = next((i for i, (got, wanted) in enumerate(zip(uids, by_date)) if got != wanted), None)
        return None if first is None else "position %d holds UID %d, not %d" % (first + 1, uids[first], by_date[first])
    # Arrival times often tie to the second: only their order is checked, not the order among equals.
    later = next((i for i in range(1, len(uids)) if arrived[uids[i]] > arrived[uids[i - 1]]), None)
    return None if later is None else "UID %d arrived after UID %d before it" % (uids[later], uids[later - 1])


def sort(args):
    client = CountingIMAP(args.port, timeout=600)
    client.login(args.user, args.password)
    typ, data = client.select("INBOX", readonly=True)
    if typ != "OK":
        raise SystemExit("SELECT failed: %s" % data)
    exists = int(data[0])
    by_date, arrived = sort_expected(client)
    out = {"label": args.label, "kind": "sort", "exists": exists, "sorts": {}}
    for name, criteria in SORTS.items():
        times, wrong = [], []
        for _ in range(args.rounds):
            start = time.perf_counter()
            typ, data = client.uid("SORT", criteria, "UTF-8", "ALL")
            elapsed = 1000 * (time.perf_counter() - start)
            if typ != "OK":
                raise SystemExit("UID SORT %s failed: %s" % (criteria, data))
            why = sort_answer_wrong(name, [int(uid) for uid in data[0].split()], by_date, arrived)
            if why:
                wrong.append(why)
            else:
                times.append(elapsed)
        out["sorts"][name] = {"rounds": args.rounds, "wrong": wrong,
                              "p50_ms": percentile(times, 0.5), "p99_ms": percentile(times, 0.99), "times_ms": times}
    client.logout()
    write(args.out, out)


# ------------------------------------------------------------------------------------------ QRESYNC

FETCHED = re.compile(rb"^\d+ \((.*)\)$")


def uid_set(uids):
    """Ascending UIDs as an IMAP sequence set of ranges: 1:5,7,9:12."""
    ranges, ordered = [], sorted(uids)
    for uid in ordered:
        if ranges and uid == ranges[-1][1] + 1:
            ranges[-1][1] = uid
        else:
            ranges.append([uid, uid])
    return ",".join("%d:%d" % (low, high) if high > low else "%d" % low for low, high in ranges)


def uids_of(text):
    """The UIDs of a sequence set as a server writes them (no *)."""
    out = set()
    for part in text.split(","):
        low, _, high = part.partition(":")
        low, high = int(low), int(high or low)
        out.update(range(min(low, high), max(low, high) + 1))
    return out


def qresync_answer(untagged):
    """From the untagged responses of a SELECT (QRESYNC ...), as imaplib gathers them: the UIDs reported
    VANISHED (EARLIER), the FETCHes as UID -> (FLAGS, MODSEQ), and the mailbox's HIGHESTMODSEQ."""
    vanished = set()
    for line in untagged.get("VANISHED", []):
        earlier, _, uids = line.decode("ascii").partition(" ")
        if earlier.upper() != "(EARLIER)":
            raise SystemExit("VANISHED without (EARLIER) in a SELECT's answer: %r" % line)
        vanished |= uids_of(uids)
    fetched = {}
    for line in untagged.get("FETCH", []):
        items = FETCHED.match(line if isinstance(line, bytes) else line[0])
        uid = re.search(rb"\bUID (\d+)", items.group(1)) if items else None
        flags = re.search(rb"\bFLAGS \(([^)]*)\)", items.group(1)) if items else None
        modseq = re.search(rb"\bMODSEQ \((\d+)\)", items.group(1)) if items else None
        if not (uid and flags and modseq):
            raise SystemExit("a FETCH in a SELECT's answer without UID, FLAGS or MODSEQ: %r" % line)
        fetched[int(uid.group(1))] = (set(flags.group(1).decode("ascii").split()), int(modseq.group(1)))
    highest = untagged.get("HIGHESTMODSEQ", [None])[-1]
    return vanished, fetched, int(highest) if highest else None


def qresync_answer_wrong(known, modseq, expunged, flagged, vanished, fetched):
    """Why a resync's answer is not exactly the changes made, or None: every expunged UID the client knew
    as VANISHED and no UID it still holds (a UID it never knew may be reported, RFC 7162 §3.2.10), a FETCH
    for every flagged message carrying \\Flagged and a MODSEQ above the client's, and no other FETCH."""
    problems = []
    if expunged - vanished:
        problems.append("%d expunged not VANISHED" % len(expunged - vanished))
    if vanished & (known - expunged):
        problems.append("%d live UIDs VANISHED" % len(vanished & (known - expunged)))
    if flagged - fetched.keys():
        problems.append("%d changed without FETCH" % len(flagged - fetched.keys()))
    if fetched.keys() - flagged:
        problems.append("%d FETCH of unchanged messages" % len(fetched.keys() - flagged))
    stale = [uid for uid in flagged & fetched.keys() if "\\Flagged" not in fetched[uid][0] or fetched[uid][1] <= modseq]
    if stale:
        problems.append("%d FETCH without \\Flagged or with an old MODSEQ" % len(stale))
    return "; ".join(problems) or None


def qresync_changes(port, user, password, untouched, count, rng):
    """Another session's COUNT changes: \\Flagged set on 70% of them, the others expunged (UID EXPUNGE), on
    messages spread over the mailbox that no round changed before. Returns (expunged, flagged) UIDs."""
    chosen = rng.sample(sorted(untouched), count)
    expunged, flagged = set(chosen[:count * 3 // 10]), set(chosen[count * 3 // 10:])
    client = CountingIMAP(port, timeout=600)
    client.login(user, password)
    client.select("INBOX")
    for command in (("STORE", uid_set(flagged), "+FLAGS.SILENT", "(\\Flagged)"),
                    ("STORE", uid_set(expunged), "+FLAGS.SILENT", "(\\Deleted)"),
                    ("EXPUNGE", uid_set(expunged))):
        typ, data = client.uid(*command)
        if typ != "OK":
            raise SystemExit("UID %s failed: %s" % (command[0], data))
    client.logout()
    return expunged, flagged


def qresync(args):
    import random
    rng = random.Random(15)
    client = CountingIMAP(args.port, timeout=600)
    client.login(args.user, args.password)
    client._simple_command("ENABLE", "QRESYNC")
    typ, data = client.select("INBOX")
    if typ != "OK":
        raise SystemExit("SELECT failed: %s" % data)
    validity = int(client.untagged_responses["UIDVALIDITY"][-1])
    modseq = int(client.untagged_responses["HIGHESTMODSEQ"][-1])
    typ, data = client.uid("SEARCH", "ALL")
    known = set(int(uid) for uid in data[0].split())
    client.logout()
    if len(known) < args.rounds * args.changes:
        raise SystemExit("%d messages are too few for %d rounds of %d changes" % (len(known), args.rounds, args.changes))
    untouched, times, wrong = set(known), [], []
    for _ in range(args.rounds):
        expunged, flagged = qresync_changes(args.port, args.user, args.password, untouched, args.changes, rng)
        untouched -= expunged | flagged
        client = CountingIMAP(args.port, timeout=600)
        client.login(args.user, args.password)
        client._simple_command("ENABLE", "QRESYNC")
        client.untagged_responses = {}
        command = ("INBOX", "(QRESYNC (%d %d %s))" % (validity, modseq, uid_set(known)))
        start = time.perf_counter()
        typ, data = client._simple_command("SELECT", *command)
        elapsed = 1000 * (time.perf_counter() - start)
        untagged = dict(client.untagged_responses)
        client.logout()
        if typ != "OK":
            raise SystemExit("SELECT (QRESYNC ...) failed: %s" % data)
        vanished, fetched, highest = qresync_answer(untagged)
        if highest is None:
            raise SystemExit("SELECT (QRESYNC ...) answered no HIGHESTMODSEQ: the next round has no MODSEQ to give")
        why = qresync_answer_wrong(known, modseq, expunged, flagged, vanished, fetched)
        if why:
            wrong.append(why)
        else:
            times.append(elapsed)
        # The client now holds the mailbox as it is (after a wrong answer too, so that the next round
        # checks its own changes alone).
        known -= expunged
        modseq = highest
    write(args.out, {"label": args.label, "kind": "qresync", "exists": len(known), "rounds": args.rounds,
                     "changes": args.changes, "wrong": wrong,
                     "p50_ms": percentile(times, 0.5), "p99_ms": percentile(times, 0.99), "times_ms": times})


# ------------------------------------------------------------------------------------------ IDLE push latency

class IdleSession(threading.Thread):
    """One session in IDLE on a user's INBOX; records when each untagged EXISTS arrives."""

    def __init__(self, port, user, password):
        super().__init__(daemon=True)
        self.user = user
        self.arrivals = []
        self.initial = 0
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.reader = self.sock.makefile("rb")
        self.reader.readline()
        self.command(b"a1 LOGIN %s %s\r\n" % (user.encode(), password.encode()), b"a1 ")
        self.initial = self.command(b"a2 SELECT INBOX\r\n", b"a2 ")
        self.sock.sendall(b"a3 IDLE\r\n")
        if not self.reader.readline().startswith(b"+"):
            raise SystemExit("IDLE refused for %s" % user)
        self.sock.settimeout(None)

    def command(self, line, tag):
        """Sends LINE; returns the last untagged EXISTS count before the tagged OK (0 if none)."""
        self.sock.sendall(line)
        exists = 0
        while True:
            reply = self.reader.readline()
            if not reply:
                raise SystemExit("connection closed during %r" % line[:20])
            found = EXISTS.match(reply)
            if found:
                exists = int(found.group(1))
            if reply.startswith(tag):
                if b" OK" not in reply[:len(tag) + 3]:
                    raise SystemExit("%r failed: %r" % (line[:20], reply))
                return exists

    def run(self):
        for line in self.reader:
            found = EXISTS.match(line)
            if found:
                self.arrivals.append((time.monotonic(), int(found.group(1))))

    def close(self):
        try:
            self.sock.sendall(b"DONE\r\na4 LOGOUT\r\n")
        except OSError:
            pass
        self.sock.close()


def push(args):
    accounts = read_users(args.users_file)[:args.sessions]
    ports = [args.port] + args.also_port
    sessions = [IdleSession(ports[i % len(ports)], user, password) for i, (user, password) in enumerate(accounts)]
    for s in sessions:
        s.start()
    time.sleep(1)
    sent = collections.defaultdict(list)
    sender = connect_sender(args.deliver_port, args.lmtp)
    interval = 1.0 / args.rate
    next_at = began = time.monotonic()
    for number in range(args.count):
        s = sessions[number % len(sessions)]
        next_at += interval
        pause = next_at - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        sender.sendmail(SENDER, [s.user], message(s.user, 100000 + number, args.size))
        sent[s.user].append(time.monotonic())
    # A delivery slower than the interval lowers the rate: the rate reached is reported beside the one asked.
    achieved = args.count / (time.monotonic() - began)
    sender.quit()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(
            not s.arrivals or s.arrivals[-1][1] < s.initial + len(sent[s.user]) for s in sessions):
        time.sleep(0.1)
    latencies, missing, by_send = [], 0, []
    for s in sessions:
        # The k-th message sent to a session is announced by the first EXISTS that counts it, which
        # may announce the next ones with it.
        for k, at in enumerate(sent[s.user], start=1):
            announced = [when for when, count in s.arrivals if count >= s.initial + k]
            if announced:
                latencies.append(announced[0] - at)
                by_send.append((at, 1000 * (announced[0] - at)))
            else:
                missing += 1
        s.close()
    write(args.out, {"label": args.label, "kind": "push", "instances": len(ports), "rate": args.rate, "achieved_rate": achieved,
                     "sent": args.count, "missing": missing,
                     "p50_ms": 1000 * (percentile(latencies, 0.5) or 0), "p99_ms": 1000 * (percentile(latencies, 0.99) or 0),
                     # In the order sent, so that the slowest say whether the tail is the first pushes' or spread.
                     "times_ms": [latency for _, latency in sorted(by_send)]})


# ------------------------------------------------------------------------------------------ many IDLE sessions

async def open_idle(port, user, password, context):
    """Connects over TLS, logs in, selects INBOX and enters IDLE; returns the open writer."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=context)
    await reader.readline()

    async def command(tag, line):
        writer.write(line)
        while True:
            reply = await reader.readline()
            if not reply:
                raise ConnectionError("closed during %r" % line[:12])
            if reply.startswith(tag):
                if not reply[len(tag):].startswith(b"OK"):
                    raise ConnectionError("%r: %r" % (line[:12], reply))
                return

    await command(b"a ", b"a LOGIN %s %s\r\n" % (user.encode(), password.encode()))
    await command(b"b ", b"b SELECT INBOX\r\n")
    writer.write(b"c IDLE\r\n")
    if not (await reader.readline()).startswith(b"+"):
        raise ConnectionError("IDLE refused")
    return writer


async def many_idle(args):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    accounts = read_users(args.users_file)
    before = server_memory(args.server_pid)
    opened, hold, failures = [], asyncio.Event(), collections.Counter()
    # At most PARALLEL sessions are being opened at once (logins cost the server a hash each).
    limit = asyncio.Semaphore(args.parallel)
    started = time.monotonic()

    async def one(i):
        user, password = accounts[i % len(accounts)]
        async with limit:
            try:
                writer = await asyncio.wait_for(open_idle(args.port, user, password, context), 120)
            except (OSError, ConnectionError, asyncio.TimeoutError) as error:
                failures[type(error).__name__ + " " + str(error)[:60]] += 1
                return
        opened.append(writer)
        await hold.wait()
        writer.close()

    tasks = [asyncio.ensure_future(one(i)) for i in range(args.sessions)]
    while len(opened) + sum(failures.values()) < args.sessions and time.monotonic() - started < args.timeout:
        await asyncio.sleep(0.5)
    open_seconds = time.monotonic() - started
    await asyncio.sleep(args.settle)
    during = server_memory(args.server_pid)
    count = len(opened)
    hold.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    write(args.out, {"label": args.label, "kind": "idle-rss", "sessions": count, "failed": dict(failures),
                     "open_seconds": open_seconds, "memory_before": before, "memory_during": during,
                     "bytes_per_session": (during - before) / count if count else None})


# ------------------------------------------------------------------------------------------ report

def write(path, result):
    with open(path, "w", encoding="utf-8") as out:
        json.dump(result, out, indent=1)


def report(paths):
    results = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            results.append(json.load(f))
    baselines = {r["kind"]: r for r in results if r["label"].startswith("dovecot")}
    uncompressed = {r["label"]: r for r in results if r["kind"] == "mixed"}
    for r in results:
        print("== %s: %s" % (r["kind"], r["label"]))
        if r["kind"] in ("mixed", "mixed-deflate"):
            print("  %.1f ops/s, %.1f sessions/s, %d clients; errors: %s" % (
                r["ops_per_second"], r["sessions_per_second"], r["clients"], r["errors"] or "none"))
            print("  octets on the wire per operation%s: %.0f to the server, %.0f from it" % (
                " (compressed)" if r["kind"] == "mixed-deflate" else "", r["sent_per_op"], r["received_per_op"]))
            for name, c in r["commands"].items():
                print("  %-15s %7d  p50 %8.2f ms  p99 %8.2f ms  octets %7.0f / %8.0f" % (
                    name, c["count"], c["p50_ms"], c["p99_ms"], c["sent_per_op"], c["received_per_op"]))
            plain = uncompressed.get(r["label"])
            if r["kind"] == "mixed-deflate" and plain and plain["sent_per_op"] and plain["received_per_op"]:
                print("  against the same load uncompressed: %.2fx the octets to the server, %.2fx from it, %.2fx ops/s" % (
                    r["sent_per_op"] / plain["sent_per_op"], r["received_per_op"] / plain["received_per_op"],
                    r["ops_per_second"] / plain["ops_per_second"]))
        elif r["kind"] == "sort":
            for name, each in r["sorts"].items():
                print("  UID SORT (%s) UTF-8 ALL over %d messages, %d rounds: %s" % (
                    name, r["exists"], each["rounds"], milliseconds(each)))
        elif r["kind"] == "qresync":
            print("  SELECT (QRESYNC ...) of %d messages after %d changes (30%% expunged), %d rounds: %s" % (
                r["exists"], r["changes"], r["rounds"], milliseconds(r)))
        elif r["kind"] == "big":
            for i, run in enumerate(r["runs"]):
                print("  session %d: %d messages; SELECT %.1f ms, UID FETCH 1:* (FLAGS) %.1f ms (%d flags)" % (
                    i + 1, run["exists"], run["select_ms"], run["fetch_flags_ms"], run["fetched"]))
        elif r["kind"] == "search":
            print("  UID SEARCH BODY over %d messages, %d searches (half found in one message: %s): p50 %.1f ms, p99 %.1f ms%s" % (
                r["exists"], r["searches"], "yes" if all(n == 1 for n in r["found"][0::2]) and not any(r["found"][1::2])
                else "NO, found " + str(r["found"]), r["p50_ms"], r["p99_ms"], slowest(r)))
        elif r["kind"] == "push":
            print("  %d sent at %d msg/s (%.1f reached) to sessions on %d server instance(s), %d never announced; "
                  "250 -> EXISTS p50 %.1f ms, p99 %.1f ms%s" % (r["sent"], r["rate"], r.get("achieved_rate", r["rate"]),
                                                              r.get("instances", 1), r["missing"], r["p50_ms"], r["p99_ms"],
                                                              slowest(r, 8)))
        elif r["kind"] == "idle-rss":
            print("  %d sessions open in %.0f s (failed: %s); server memory (PSS) %.0f MB -> %.0f MB: %.1f KB per session" % (
                r["sessions"], r["open_seconds"], r["failed"] or "none", r["memory_before"] / 2**20, r["memory_during"] / 2**20,
                (r["bytes_per_session"] or 0) / 1024))
        base = baselines.get(r["kind"])
        if base is not None and base is not r:
            print("  ratio to %s: %s" % (base["label"], ratio(r, base)))


def slowest(measured, count=3):
    """The COUNT slowest timed rounds with their places (1 is the first): with tens of rounds, p99 is the slowest
    one, and whether that is the first (cold) round or a later one says where to look."""
    times = measured.get("times_ms") or []
    ranked = sorted(range(len(times)), key=lambda i: -times[i])[:count]
    return "; slowest: " + ", ".join("#%d %.1f ms" % (i + 1, times[i]) for i in ranked) if ranked else ""


def milliseconds(measured):
    """p50 and p99 of the rounds answered right, the slowest of them, and what was wrong in the others."""
    right = measured["rounds"] - len(measured["wrong"])
    times = "p50 %.1f ms, p99 %.1f ms%s" % (measured["p50_ms"], measured["p99_ms"], slowest(measured)) if right \
        else "no right answer to time"
    if not measured["wrong"]:
        return times
    return "%s; WRONG in %d rounds, first: %s" % (times, len(measured["wrong"]), measured["wrong"][0])


def ratio(r, base):
    if r["kind"] == "mixed":
        return "%.2fx ops/s" % (r["ops_per_second"] / base["ops_per_second"])
    if r["kind"] == "mixed-deflate":
        return "%.2fx ops/s, %.2fx octets from the server per operation" % (
            r["ops_per_second"] / base["ops_per_second"], r["received_per_op"] / base["received_per_op"])
    if r["kind"] == "sort":
        return ", ".join("%s %.2fx p99" % (name, each["p99_ms"] / base["sorts"][name]["p99_ms"])
                         for name, each in r["sorts"].items() if each["p99_ms"] and base["sorts"][name]["p99_ms"]) or "n/a"
    if r["kind"] == "qresync":
        return "%.2fx p50, %.2fx p99" % (r["p50_ms"] / base["p50_ms"], r["p99_ms"] / base["p99_ms"]) \
            if r["p99_ms"] and base["p99_ms"] else "n/a"
    if r["kind"] == "big":
        return "%.2fx SELECT time, %.2fx FETCH time (second session)" % (
            r["runs"][-1]["select_ms"] / base["runs"][-1]["select_ms"], r["runs"][-1]["fetch_flags_ms"] / base["runs"][-1]["fetch_flags_ms"])
    if r["kind"] == "search":
        return "%.2fx p50, %.2fx p99" % (r["p50_ms"] / base["p50_ms"], r["p99_ms"] / base["p99_ms"])
    if r["kind"] == "push":
        return "%.2fx p99" % (r["p99_ms"] / base["p99_ms"]) if base["p99_ms"] else "n/a"
    if r["kind"] == "idle-rss":
        return "%.2fx bytes per session" % (r["bytes_per_session"] / base["bytes_per_session"]) if base["bytes_per_session"] else "n/a"
    return "n/a"


# ------------------------------------------------------------------------------------------ profile

def jfr_top(recording, top):
    import subprocess
    # jfr print keeps 5 frames of a stack unless told more: a wait's own frames lie deeper than that.
    printed = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample", recording],
                             check=True, capture_output=True).stdout
    events = json.loads(printed)["recording"]["events"]
    on_top, nearest_own = collections.Counter(), collections.Counter()
    for event in events:
        stack = event["values"].get("stackTrace") or {}
        frames = ["%s.%s" % (f["method"]["type"]["name"].replace("/", "."), f["method"]["name"]) for f in stack.get("frames", [])]
        if not frames:
            continue
        on_top[frames[0]] += 1
        own = next((f for f in frames if f.startswith("io.mailfleet.")), None)
        if own:
            nearest_own[own] += 1
    total = len(events) or 1
    print("%d execution samples in %s" % (total, recording))
    print("on top of the stack:")
    for name, count in on_top.most_common(top):
        print("  %5.1f%%  %s" % (100.0 * count / total, name))
    print("the project's frame nearest the top:")
    for name, count in nearest_own.most_common(top):
        print("  %5.1f%%  %s" % (100.0 * count / total, name))
    jfr_waits(recording, top)


def seconds(iso):
    """A JFR duration as jfr print --json writes it (ISO 8601, e.g. PT0.0125S or PT1M2.5S) in seconds."""
    match = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?", iso or "")
    if not match:
        return 0.0
    hours, minutes, secs = match.groups()
    return int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(secs or 0)


def jfr_waits(recording, top):
    """Where the gateway's threads waited (parked on a future or a lock, or read a socket, 10 ms or more
    each, as the profile settings record them), summed by the project's four frames nearest the wait:
    which store call a command spent its wall time in, when its threads were not running."""
    import subprocess
    printed = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", "jdk.ThreadPark,jdk.SocketRead,jdk.JavaMonitorEnter",
                              recording], check=True, capture_output=True).stdout
    waited, counted = collections.Counter(), collections.Counter()
    for event in json.loads(printed)["recording"]["events"]:
        stack = event["values"].get("stackTrace") or {}
        frames = ["%s.%s" % (f["method"]["type"]["name"].replace("/", ".").rsplit(".", 1)[-1], f["method"]["name"])
                  for f in stack.get("frames", []) if f["method"]["type"]["name"].startswith("io/mailfleet/")
                  and not f["method"]["name"].startswith("lambda$")]
        if not frames:
            continue
        where = " < ".join(frames[:4])
        waited[where] += seconds(event["values"].get("duration"))
        counted[where] += 1
    print("waits of 10 ms or more, by the project's frames nearest them (total s, count, mean ms):")
    for where, total in waited.most_common(top):
        print("  %8.1f s %7d %7.1f ms  %s" % (total, counted[where], 1000.0 * total / counted[where], where))


def scrape(url, out):
    import urllib.request
    with urllib.request.urlopen(url, timeout=30) as response, open(out, "wb") as f:
        f.write(response.read())


HISTOGRAM = "mailfleet_imap_command_duration_seconds"
SAMPLE = re.compile(r'^(\w+)(?:\{([^}]*)\})?\s+(\S+)')
LABEL = re.compile(r'(\w+)="([^"]*)"')


def command_histograms(path, histogram=HISTOGRAM, by="command"):
    """value of label `by` (or "all" without one) -> {"count", "sum", "buckets": {le: cumulative count}}, summed over
    any other labels (and over the services whose scrapes the file holds)."""
    histograms = collections.defaultdict(lambda: {"count": 0.0, "sum": 0.0, "buckets": collections.Counter()})
    with open(path) as f:
        for line in f:
            match = SAMPLE.match(line)
            if not match or not match.group(1).startswith(histogram):
                continue
            labels = dict(LABEL.findall(match.group(2) or ""))
            each = histograms[labels.get(by, "?") if by else "all"]
            value = float(match.group(3))
            if match.group(1) == histogram + "_bucket":
                each["buckets"][float(labels["le"])] += value
            elif match.group(1) == histogram + "_count":
                each["count"] += value
            elif match.group(1) == histogram + "_sum":
                each["sum"] += value
    return histograms


def histogram_line(name, then, now):
    """name, count, mean, p50 and p99 (as the bucket bounds that hold them) of what was recorded between two scrapes."""
    then = then or {"count": 0.0, "sum": 0.0, "buckets": collections.Counter()}
    count = now["count"] - then["count"]
    if count <= 0:
        return None
    total = now["sum"] - then["sum"]
    bounds = sorted(now["buckets"])

    def bound(fraction):
        for le in bounds:
            if now["buckets"][le] - then["buckets"][le] >= fraction * count:
                return le * 1000
        return float("inf")

    return "%-10s %8d %9.1f %9.1f %9.1f" % (name, count, total / count * 1000, bound(0.5), bound(0.99))


def command_seconds(before_path, after_path):
    before, after = command_histograms(before_path), command_histograms(after_path)
    print("%-10s %8s %9s %9s %9s" % ("command", "count", "mean ms", "p50 ms", "p99 ms"))
    for command in sorted(after):
        line = histogram_line(command, before.get(command), after[command])
        if line:
            print(line)


# The stages of an IDLE push, as the services time them, in the order a message goes through them.
PUSH_STAGES = [
    ("delivery", "mailfleet_delivery_latency_seconds", "route", "local",
     "delivery-worker: the message's acceptance (before the 250) to its INBOX written"),
    (" queued", "mailfleet_delivery_stage_seconds", "stage", "queued",
     "  of which, per message: the acceptance to the start of its batch in the worker (Kafka, the batch before)"),
    (" routed", "mailfleet_delivery_stage_seconds", "stage", "routed",
     "  per batch: recipients expanded, duplicate claims taken"),
    (" stored", "mailfleet_delivery_stage_seconds", "stage", "stored",
     "  per batch: every INBOX of the batch written (each INBOX's events published as it is)"),
    ("broadcast", "mailfleet_imap_push_delay_seconds", None, None,
     "the worker's MessageAdded sent to its account's sessions woken, on the gateways"),
    ("resync", "mailfleet_imap_idle_resync_seconds", None, None,
     "a woken IDLE session's read of the store to its EXISTS written"),
]


def push_stages(before_path, after_path):
    print("%-10s %8s %9s %9s %9s" % ("stage", "count", "mean ms", "p50 ms", "p99 ms"))
    for stage, histogram, by, value, what in PUSH_STAGES:
        before = command_histograms(before_path, histogram, by)
        after = command_histograms(after_path, histogram, by)
        key = value or "all"
        line = histogram_line(stage, before.get(key), after[key]) if key in after else None
        print((line or "%-10s %8d" % (stage, 0)) + "   " + what)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("users"); p.add_argument("--users", type=int, required=True)
    p = sub.add_parser("maildir")
    p.add_argument("--root", required=True); p.add_argument("--user"); p.add_argument("--users-file")
    p.add_argument("--messages", type=int, required=True); p.add_argument("--size", type=int, required=True)
    p.add_argument("--owner")
    p = sub.add_parser("messages")
    p.add_argument("--user", required=True)
    p.add_argument("--messages", type=int, required=True); p.add_argument("--size", type=int, required=True)
    p = sub.add_parser("send")
    p.add_argument("--port", type=int, required=True); p.add_argument("--lmtp", action="store_true")
    p.add_argument("--users", type=int, default=0); p.add_argument("--user", help="one user instead of --users")
    p.add_argument("--messages", type=int, required=True); p.add_argument("--size", type=int, required=True)
    p.add_argument("--connections", type=int, default=1)
    p = sub.add_parser("wait")
    p.add_argument("--port", type=int, required=True); p.add_argument("--users", type=int, default=0)
    p.add_argument("--user", help="one user instead of --users"); p.add_argument("--password")
    p.add_argument("--messages", type=int, required=True); p.add_argument("--timeout", type=int, default=300)
    for name in ("mixed", "big", "search", "sort", "qresync", "push", "idle-rss"):
        p = sub.add_parser(name)
        p.add_argument("--port", type=int, required=True); p.add_argument("--label", required=True)
        p.add_argument("--out", required=True); p.add_argument("--size", type=int, default=4096)
        if name not in ("big", "search", "sort", "qresync"):
            p.add_argument("--users-file", required=True)
    p = sub.choices["mixed"]
    p.add_argument("--clients", type=int, default=10); p.add_argument("--seconds", type=int, default=20)
    p.add_argument("--warmup", type=int, default=10)
    p = sub.choices["big"]
    p.add_argument("--user", required=True); p.add_argument("--password", required=True)
    for name, rounds in (("search", 20), ("sort", 20), ("qresync", 10)):
        p = sub.choices[name]
        p.add_argument("--user", required=True); p.add_argument("--password", required=True)
        p.add_argument("--rounds", type=int, default=rounds)
    sub.choices["qresync"].add_argument("--changes", type=int, default=100)
    sub.choices["mixed"].add_argument("--compress", action="store_true")
    p = sub.choices["push"]
    p.add_argument("--deliver-port", type=int, required=True); p.add_argument("--lmtp", action="store_true")
    p.add_argument("--also-port", type=int, action="append", default=[])
    p.add_argument("--sessions", type=int, default=10); p.add_argument("--rate", type=float, default=50)
    p.add_argument("--count", type=int, default=500)
    p = sub.choices["idle-rss"]
    p.add_argument("--sessions", type=int, default=10000); p.add_argument("--server-pid", type=int, required=True)
    p.add_argument("--parallel", type=int, default=50); p.add_argument("--settle", type=float, default=10)
    p.add_argument("--timeout", type=float, default=600)
    p = sub.add_parser("requests")
    p.add_argument("--port", type=int, required=True); p.add_argument("--users-file", required=True)
    p.add_argument("--cql-port", type=int, required=True); p.add_argument("--keyspace", required=True)
    p.add_argument("--sessions", type=int, default=10); p.add_argument("--size", type=int, default=4096)
    p = sub.add_parser("scrape"); p.add_argument("--url", required=True); p.add_argument("--out", required=True)
    p = sub.add_parser("command-seconds"); p.add_argument("before"); p.add_argument("after")
    p = sub.add_parser("push-stages"); p.add_argument("before"); p.add_argument("after")
    p = sub.add_parser("report"); p.add_argument("results", nargs="+")
    p = sub.add_parser("jfr-top"); p.add_argument("recording"); p.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    if args.command == "users":
        for user, password in users(args.users):
            print(user, password)
    elif args.command == "maildir":
        write_maildir(args)
    elif args.command == "messages":
        write_messages(args)
    elif args.command == "send":
        send(args)
    elif args.command == "wait":
        wait(args)
    elif args.command == "mixed":
        mixed(args)
    elif args.command == "big":
        big(args)
    elif args.command == "search":
        search(args)
    elif args.command == "sort":
        sort(args)
    elif args.command == "qresync":
        qresync(args)
    elif args.command == "push":
        push(args)
    elif args.command == "idle-rss":
        asyncio.run(many_idle(args))
    elif args.command == "requests":
        requests(args)
    elif args.command == "scrape":
        scrape(args.url, args.out)
    elif args.command == "command-seconds":
        command_seconds(args.before, args.after)
    elif args.command == "push-stages":
        push_stages(args.before, args.after)
    elif args.command == "jfr-top":
        jfr_top(args.recording, args.top)
    else:
        report(args.results)


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    main()
