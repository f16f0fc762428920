#!/usr/bin/env python3
"""CPU time and context switches of one JVM's threads between two snapshots, by thread pool, for the
bench scripts: which of a service's threads (event loops, worker lanes, upload threads, the Kafka
producer's sender, OkHttp's dispatcher, the Cassandra driver's I/O, GC and JIT compilers) its CPU per
message went to, and how often per message they were switched out.

  threads.py snapshot PID OUT.json
  threads.py report BEFORE.json AFTER.json --messages N --label L

Threads are grouped by name with the numbers taken out ("smtp-upload-17" counts as "smtp-upload-N"),
so that a pool whose threads came and went between the snapshots is still one line. A thread that
ended between the snapshots is not counted.
"""
import argparse
import json
import os
import re

TICKS = os.sysconf("SC_CLK_TCK")


def snapshot(pid):
    threads = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                status = dict(line.split(":", 1) for line in f if ":" in line)
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        threads[tid] = {
            "name": name,
            "cpu": (int(fields[11]) + int(fields[12])) / TICKS,
            "switches": int(status["voluntary_ctxt_switches"]) + int(status["nonvoluntary_ctxt_switches"]),
        }
    return threads


def group(name):
    return re.sub(r"\d+", "N", name)


def report(before, after, messages, label):
    cpu, switches = {}, {}
    for tid, now in after.items():
        # A thread that started during the run did all its work in it.
        then = before.get(tid, {"cpu": 0.0, "switches": 0})
        key = group(now["name"])
        cpu[key] = cpu.get(key, 0.0) + now["cpu"] - then["cpu"]
        switches[key] = switches.get(key, 0) + now["switches"] - then["switches"]
    total_cpu, total_switches = sum(cpu.values()), sum(switches.values())
    print(f"{label}: threads by pool, per message over {messages} messages "
          f"(CPU {1000 * total_cpu / messages:.2f} ms, {total_switches / messages:.1f} context switches)")
    for key in sorted(cpu, key=lambda k: -cpu[k]):
        if cpu[key] <= 0 and switches[key] <= 0:
            continue
        print(f"  {1000 * cpu[key] / messages:7.3f} ms  {switches[key] / messages:6.1f} switches  {key}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    snap = sub.add_parser("snapshot")
    snap.add_argument("pid")
    snap.add_argument("out")
    rep = sub.add_parser("report")
    rep.add_argument("before")
    rep.add_argument("after")
    rep.add_argument("--messages", type=int, required=True)
    rep.add_argument("--label", required=True)
    args = parser.parse_args()
    if args.command == "snapshot":
        with open(args.out, "w") as f:
            json.dump(snapshot(args.pid), f)
    else:
        with open(args.before) as f:
            before = json.load(f)
        with open(args.after) as f:
            after = json.load(f)
        report(before, after, args.messages, args.label)


if __name__ == "__main__":
    main()
