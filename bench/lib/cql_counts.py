#!/usr/bin/env python3
"""What Cassandra did during a run, counted by its own virtual tables (system_views), as
bench/delivery's CassandraCounts does: requests on the native transport, and per table of the keyspace
the reads its coordinator served and the writes applied locally. Two snapshots around a run, divided by
the messages, say how many requests one message cost the whole stack (ingress and delivery together).

  cql_counts.py snapshot PORT KEYSPACE FILE
  cql_counts.py report BEFORE AFTER --messages N [--unit "session"]

Speaks just enough of the CQL native protocol (v4, no authentication, as the local stack runs it) to run
three queries: no Cassandra driver is installed for Python here.
"""
import argparse
import json
import socket
import struct

VERSION, STARTUP, READY, QUERY, RESULT, ERROR = 0x04, 0x01, 0x02, 0x07, 0x08, 0x00
ROWS = 2
ONE = 0x0001
GLOBAL_TABLES_SPEC = 0x0001


def string(value):
    data = value.encode()
    return struct.pack(">H", len(data)) + data


class Connection:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.stream = 0
        body = struct.pack(">H", 1) + string("CQL_VERSION") + string("3.0.0")
        opcode, _ = self.request(STARTUP, body)
        if opcode != READY:
            raise SystemExit(f"cql_counts: Cassandra answered STARTUP with opcode {opcode}, not READY")

    def request(self, opcode, body):
        self.stream += 1
        self.sock.sendall(struct.pack(">BBhBi", VERSION, 0, self.stream, opcode, len(body)) + body)
        header = self.read(9)
        _, _, _, answer, length = struct.unpack(">BBhBi", header)
        payload = self.read(length)
        if answer == ERROR:
            code, = struct.unpack(">i", payload[:4])
            raise SystemExit(f"cql_counts: error {code:#x}: {payload[6:].decode(errors='replace')}")
        return answer, payload

    def read(self, count):
        data = b""
        while len(data) < count:
            chunk = self.sock.recv(count - len(data))
            if not chunk:
                raise SystemExit("cql_counts: Cassandra closed the connection")
            data += chunk
        return data

    def rows(self, query):
        """The rows of a query whose columns are all text or bigint, as tuples."""
        body = struct.pack(">i", len(query.encode())) + query.encode() + struct.pack(">HB", ONE, 0)
        opcode, payload = self.request(QUERY, body)
        kind, flags, columns = struct.unpack(">iii", payload[:12])
        if opcode != RESULT or kind != ROWS:
            raise SystemExit(f"cql_counts: no rows for {query}")
        at = 12
        if flags & GLOBAL_TABLES_SPEC:
            for _ in range(2):
                at += 2 + struct.unpack(">H", payload[at:at + 2])[0]
        types = []
        for _ in range(columns):
            if not flags & GLOBAL_TABLES_SPEC:
                for _ in range(2):
                    at += 2 + struct.unpack(">H", payload[at:at + 2])[0]
            at += 2 + struct.unpack(">H", payload[at:at + 2])[0]
            types.append(struct.unpack(">H", payload[at:at + 2])[0])
            at += 2
        count, = struct.unpack(">i", payload[at:at + 4])
        at += 4
        result = []
        for _ in range(count):
            row = []
            for kind in types:
                length, = struct.unpack(">i", payload[at:at + 4])
                at += 4
                cell = payload[at:at + length] if length >= 0 else None
                at += max(length, 0)
                row.append(struct.unpack(">q", cell)[0] if kind == 0x0002 and cell else cell.decode() if cell else None)
            result.append(tuple(row))
        return result


def snapshot(port, keyspace, path):
    cql = Connection(port)
    counts = {}
    for name, completed in cql.rows("SELECT name, completed_tasks FROM system_views.thread_pools"):
        if name == "Native-Transport-Requests":
            counts["native transport requests"] = completed
    for view, prefix in (("coordinator_read_latency", "reads of "), ("local_write_latency", "writes to ")):
        for table, count in cql.rows(f"SELECT table_name, count FROM system_views.{view}"
                                     f" WHERE keyspace_name = '{keyspace}'"):
            counts[prefix + table] = count
    with open(path, "w") as out:
        json.dump(counts, out)


def report(before_path, after_path, messages, unit):
    with open(before_path) as before_file, open(after_path) as after_file:
        before, after = json.load(before_file), json.load(after_file)
    print(f"Cassandra per {unit} (system_views, {messages} of them):")
    for name, count in sorted(after.items()):
        grown = count - before.get(name, 0)
        if grown > 0:
            print(f"  {name:<40} {grown / messages:6.2f}")


def main():
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    snap = commands.add_parser("snapshot")
    snap.add_argument("port", type=int)
    snap.add_argument("keyspace")
    snap.add_argument("file")
    rep = commands.add_parser("report")
    rep.add_argument("before")
    rep.add_argument("after")
    rep.add_argument("--messages", type=int, required=True, help="how many units the run served")
    rep.add_argument("--unit", default="message, ingress and delivery together")
    args = parser.parse_args()
    if args.command == "snapshot":
        snapshot(args.port, args.keyspace, args.file)
    else:
        report(args.before, args.after, args.messages, args.unit)


if __name__ == "__main__":
    main()
