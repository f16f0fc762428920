#!/usr/bin/env python3
"""CPU time of a process tree between two snapshots, by program, for the bench scripts.

  cpu.py snapshot ROOT_PID OUT.json      the tree's processes and their CPU seconds so far
  cpu.py report BEFORE.json AFTER.json --messages N --label L [--unit operation]

A process's CPU is user plus system time, its own and that of the children it has waited for (so
Postfix's short-lived smtpd and virtual processes count through their master). A process that
exited between the snapshots without being waited for by one in the tree is not counted.
"""
import argparse
import json
import os
import re

TICKS = os.sysconf("SC_CLK_TCK")


def program(pid):
    """A name for what the process runs: the Java main class or service, else its command."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")
        with open(f"/proc/{pid}/comm") as f:
            comm = f.read().strip()
    except OSError:
        return None
    service = re.search(r"services/([a-z0-9-]+)/target/quarkus-app", cmdline)
    if service:
        return service.group(1)
    for marker, name in (("kafka.Kafka", "kafka"), ("CassandraDaemon", "cassandra"), ("s3proxy", "s3proxy"),
                         ("io.mailfleet.local", "launcher (mailfleet up)")):
        if marker in cmdline:
            return name
    if "postfix" in cmdline or comm in ("master", "smtpd", "cleanup", "qmgr", "virtual", "trivial-rewrite",
                                        "anvil", "pickup", "proxymap", "postlogd", "scache", "bounce"):
        return "postfix " + comm
    return comm


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # After the command: state is field 3; utime, stime, cutime, cstime are fields 14 to 17.
    return sum(int(v) for v in fields[11:15]) / TICKS


def tree(root):
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    parent = int(f.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(parent, []).append(int(entry))
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending.extend(children.get(pid, []))
    return found


def snapshot(args):
    processes = {}
    for pid in tree(args.root):
        name = program(pid)
        try:
            if name is not None:
                processes[str(pid)] = {"name": name, "cpu": cpu_seconds(pid)}
        except OSError:
            pass
    with open(args.out, "w") as f:
        json.dump(processes, f)


def report(args):
    with open(args.before) as f:
        before = json.load(f)
    with open(args.after) as f:
        after = json.load(f)
    used = {}
    for pid, process in after.items():
        earlier = before.get(pid, {}).get("cpu", 0.0)
        used[process["name"]] = used.get(process["name"], 0.0) + process["cpu"] - earlier
    total = sum(used.values())
    unit = args.unit
    print(f"{args.label}: CPU per {unit} by program (over {args.messages})")
    for name, seconds in sorted(used.items(), key=lambda item: -item[1]):
        if seconds > 0:
            print(f"  {name:28} {seconds:8.2f} s CPU  {1000 * seconds / args.messages:8.2f} ms/{unit}")
    print(f"  {'all together':28} {total:8.2f} s CPU  {1000 * total / args.messages:8.2f} ms/{unit}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    snap = commands.add_parser("snapshot")
    snap.add_argument("root", type=int)
    snap.add_argument("out")
    rep = commands.add_parser("report")
    rep.add_argument("before")
    rep.add_argument("after")
    rep.add_argument("--messages", type=int, required=True)
    rep.add_argument("--label", required=True)
    rep.add_argument("--unit", default="message", help="what --messages counts")
    args = parser.parse_args()
    {"snapshot": snapshot, "report": report}[args.command](args)


if __name__ == "__main__":
    main()
