#!/usr/bin/env python3
"""CPU time and context switches of the threads of every JVM of a process tree between two
snapshots, by program and thread pool, for the bench scripts: which of a process's threads (a
service's event loops, worker lanes and upload threads; Cassandra's MutationStage, native transport
and commit log; Kafka's network and request handlers; GC and JIT compilers) its CPU per message went
to, and how often per message they were switched out.

  threads.py snapshot ROOT_PID OUT.json
  threads.py report BEFORE.json AFTER.json --messages N [--top N] [--unit operation]
      per program: its CPU and context switches per message (or per what --unit names), the share of its JIT compiler threads
      and of its garbage collector's, then its busiest pools; the JIT compilers' line is always shown
  threads.py jit BEFORE.json AFTER.json --messages N --label L [--unit operation]
      one line: the JIT compiler threads' CPU per message in each program and their share of its CPU,
      which shows whether a warm-up round still paid for compilation, then that of all programs together
  threads.py jit-total BEFORE.json AFTER.json --messages N
      the JIT compiler threads' CPU per message of all programs together, in ms, alone on a line: what
      the warm-ups of bench/lib/warmup.sh compare with their threshold

Programs are named as bench/lib/cpu.py names them (cassandra, kafka, s3proxy, smtp-ingress...).
Threads are grouped by name with the numbers taken out ("smtp-upload-17" counts as "smtp-upload-N"),
so that a pool whose threads came and went between the snapshots is still one line. The kernel keeps
the first 15 characters of a thread's name ("Native-Transport-Requests-3" is "Native-Transpor").
A thread that ended between the snapshots is not counted.
"""
import argparse
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cpu  # noqa: E402  (bench/lib/cpu.py: the tree of processes and their program names)

TICKS = os.sysconf("SC_CLK_TCK")
# HotSpot's compiler threads ("C2 CompilerThread0", cut to "C2 CompilerThre") and its collectors' threads
# (G1's and Parallel's workers are "GC Thread#N"; G1's concurrent ones "G1 Conc#N", "G1 Refine#N"...).
JIT = re.compile(r"^C[12] Compiler")
GC = re.compile(r"^(GC Thread|G1 )")


def threads(pid):
    found = {}
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
        found[tid] = {
            "name": name,
            "cpu": (int(fields[11]) + int(fields[12])) / TICKS,
            "switches": int(status["voluntary_ctxt_switches"]) + int(status["nonvoluntary_ctxt_switches"]),
        }
    return found


def is_java(pid):
    try:
        return os.path.basename(os.readlink(f"/proc/{pid}/exe")) == "java"
    except OSError:
        return False


def snapshot(root):
    """Every JVM under ROOT (ROOT itself included): its program name and its threads."""
    jvms = {}
    for pid in cpu.tree(root):
        if not is_java(pid):
            continue
        name = cpu.program(pid)
        try:
            if name is not None:
                jvms[str(pid)] = {"program": name, "threads": threads(pid)}
        except OSError:
            continue
    return jvms


def group(name):
    # The tier of a compiler thread and the collector's name stay: "C2 CompilerThre", "G1 Conc#N".
    kept = re.match(r"^(C[12] |G1 )", name)
    prefix = kept.group(1) if kept else ""
    return prefix + re.sub(r"\d+", "N", name[len(prefix):])


def pools(before, after):
    """CPU seconds and context switches of each pool of one JVM between the snapshots."""
    cpu_s, switches = {}, {}
    for tid, now in after.items():
        # A thread that started during the run did all its work in it.
        then = before.get(tid, {"cpu": 0.0, "switches": 0})
        key = group(now["name"])
        cpu_s[key] = cpu_s.get(key, 0.0) + now["cpu"] - then["cpu"]
        switches[key] = switches.get(key, 0) + now["switches"] - then["switches"]
    return cpu_s, switches


def programs(before, after):
    """(program, pid, pools' CPU, pools' switches) for every JVM in both snapshots, busiest first."""
    found = []
    for pid, jvm in after.items():
        earlier = before.get(pid, {"threads": {}})["threads"]
        cpu_s, switches = pools(earlier, jvm["threads"])
        found.append((jvm["program"], pid, cpu_s, switches))
    names = [name for name, _, _, _ in found]
    labelled = [(f"{name} (pid {pid})" if names.count(name) > 1 else name, cpu_s, switches)
                for name, pid, cpu_s, switches in found]
    return sorted(labelled, key=lambda p: -sum(p[1].values()))


def matching(pattern, cpu_s):
    return sum(seconds for key, seconds in cpu_s.items() if pattern.match(key))


def share(part, total):
    return 100 * part / total if total > 0 else 0.0


def report(before, after, messages, top, unit="message"):
    print(f"threads by pool, CPU per {unit} over {messages} {unit}s (JIT: the C1/C2 compiler threads; "
          f"GC: the collector's threads)")
    for label, cpu_s, switches in programs(before, after):
        total = sum(cpu_s.values())
        if total <= 0:
            continue
        jit, gc = matching(JIT, cpu_s), matching(GC, cpu_s)
        print(f"  {label}: {1000 * total / messages:.2f} ms, {sum(switches.values()) / messages:.1f} switches; "
              f"JIT {1000 * jit / messages:.2f} ms ({share(jit, total):.0f}%), "
              f"GC {1000 * gc / messages:.2f} ms ({share(gc, total):.0f}%)")
        ranked = [key for key in sorted(cpu_s, key=lambda k: -cpu_s[k]) if cpu_s[key] > 0]
        shown = ranked[:top] + [key for key in ranked[top:] if JIT.match(key)]
        for key in shown:
            print(f"    {1000 * cpu_s[key] / messages:7.3f} ms  {switches[key] / messages:6.1f} switches  {key}")
        rest = [key for key in ranked if key not in shown]
        if rest:
            print(f"    {1000 * sum(cpu_s[k] for k in rest) / messages:7.3f} ms  "
                  f"{sum(switches[k] for k in rest) / messages:6.1f} switches  {len(rest)} other pools")


def jit_total(before, after):
    """CPU seconds of the JIT compiler threads of every program together, and of all their threads."""
    found = programs(before, after)
    return (sum(matching(JIT, cpu_s) for _, cpu_s, _ in found),
            sum(sum(cpu_s.values()) for _, cpu_s, _ in found))


def jit_line(before, after, messages, label, unit="message"):
    parts = []
    for name, cpu_s, _ in programs(before, after):
        total = sum(cpu_s.values())
        if total > 0:
            jit = matching(JIT, cpu_s)
            parts.append(f"{name} {1000 * jit / messages:.2f} ms ({share(jit, total):.0f}%)")
    jit, total = jit_total(before, after)
    parts.append(f"all together {1000 * jit / messages:.2f} ms ({share(jit, total):.0f}%)")
    print(f"{label}: JIT compiler threads' CPU per {unit}: " + ", ".join(parts))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    snap = sub.add_parser("snapshot")
    snap.add_argument("root", type=int)
    snap.add_argument("out")
    for command in ("report", "jit", "jit-total"):
        each = sub.add_parser(command)
        each.add_argument("before")
        each.add_argument("after")
        each.add_argument("--messages", type=int, required=True)
        if command != "jit-total":
            each.add_argument("--unit", default="message", help="what --messages counts")
        if command == "report":
            each.add_argument("--top", type=int, default=6)
        elif command == "jit":
            each.add_argument("--label", required=True)
    args = parser.parse_args()
    if args.command == "snapshot":
        with open(args.out, "w") as f:
            json.dump(snapshot(args.root), f)
        return
    with open(args.before) as f:
        before = json.load(f)
    with open(args.after) as f:
        after = json.load(f)
    if args.command == "report":
        report(before, after, args.messages, args.top, args.unit)
    elif args.command == "jit-total":
        print(f"{1000 * jit_total(before, after)[0] / args.messages:.3f}")
    else:
        jit_line(before, after, args.messages, args.label, args.unit)


if __name__ == "__main__":
    main()
