#!/usr/bin/env python3
"""Summarises one bench/smtp.sh run (not a test).

  summary.py check METRICS_FILE
      exit 0 when the scrape is a Prometheus text page with mailfleet's SMTP metrics
  summary.py report --mf-before F --mf-after F --mf-seconds S --messages N
                    --pf-seconds S --pf-accept-seconds S --pf-delivered N [--pf-delivery TEXT] ...
      prints msg/s for both, the ratio, mailfleet's accept latency p50/p99 from the difference of the
      histogram mailfleet_smtp_accept_latency_seconds_bucket{listener="mx",outcome="accepted"} between
      the two scrapes (linear interpolation within a bucket), the same for each accept stage
      (mailfleet_smtp_accept_stage_seconds_bucket{stage}), and mailfleet's outcomes by count.
"""
import argparse
import math
import re
import sys

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\S+)?$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')

LATENCY = "mailfleet_smtp_accept_latency_seconds_bucket"
STAGE = "mailfleet_smtp_accept_stage_seconds_bucket"
MESSAGES = "mailfleet_smtp_messages_total"
REFUSED = "mailfleet_smtp_connections_refused_total"


def parse(path):
    """Every sample of a Prometheus text page as (name, labels dict, value)."""
    samples = []
    with open(path, encoding="utf-8") as page:
        for line in page:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            match = SAMPLE.match(line)
            if not match:
                continue
            name, labels, value = match.groups()
            try:
                number = float(value)
            except ValueError:
                continue
            samples.append((name, dict(LABEL.findall(labels or "")), number))
    return samples


def le_value(text):
    return math.inf if text in ("+Inf", "Inf", "inf") else float(text)


def buckets(samples, listener, outcome):
    """Cumulative counts by upper bound for one listener and outcome."""
    out = {}
    for name, labels, value in samples:
        if name == LATENCY and labels.get("listener") == listener and labels.get("outcome") == outcome:
            bound = le_value(labels["le"])
            out[bound] = out.get(bound, 0.0) + value
    return out


def stage_buckets(samples):
    """Cumulative counts by upper bound for each accept stage."""
    out = {}
    for name, labels, value in samples:
        if name == STAGE:
            stage = out.setdefault(labels.get("stage", "?"), {})
            bound = le_value(labels["le"])
            stage[bound] = stage.get(bound, 0.0) + value
    return out


def messages(samples, listener):
    out = {}
    for name, labels, value in samples:
        if name == MESSAGES and labels.get("listener") == listener:
            out[labels.get("outcome", "?")] = out.get(labels.get("outcome", "?"), 0.0) + value
    return out


def total(samples, metric, listener):
    return sum(value for name, labels, value in samples if name == metric and labels.get("listener") == listener)


def difference(after, before):
    return {key: after.get(key, 0.0) - before.get(key, 0.0) for key in set(after) | set(before)}


def quantile(cumulative, q):
    """The q-quantile of a cumulative histogram, linear within the bucket it falls in.

    Returns (seconds, exact) where exact is False when the quantile lies in the +Inf bucket (the
    value is then the largest finite bound, a lower limit)."""
    bounds = sorted(cumulative)
    if not bounds:
        return None, True
    total = cumulative[bounds[-1]]
    if total <= 0:
        return None, True
    rank = q * total
    lower, below = 0.0, 0.0
    for bound in bounds:
        count = cumulative[bound]
        if count >= rank and count > below:
            if math.isinf(bound):
                return lower, False
            return lower + (bound - lower) * (rank - below) / (count - below), True
        lower, below = (bound if not math.isinf(bound) else lower), count
    return lower, False


def ms(value, exact):
    if value is None:
        return "n/a"
    return ("%.1f ms" % (value * 1000)) if exact else ("> %.1f ms" % (value * 1000))


def check(args):
    samples = parse(args.metrics)
    names = {name for name, _, _ in samples}
    if not any(name.startswith("mailfleet_smtp_") for name in names):
        print("no mailfleet_smtp_* metrics in %s" % args.metrics, file=sys.stderr)
        return 1
    return 0


def report(args):
    before, after = parse(args.mf_before), parse(args.mf_after)
    latency = difference(buckets(after, "mx", "accepted"), buckets(before, "mx", "accepted"))
    outcomes = difference(messages(after, "mx"), messages(before, "mx"))
    accepted = int(round(outcomes.get("accepted", 0.0)))
    temporary = int(round(outcomes.get("temporary_failure", 0.0)))
    others = {key: int(round(value)) for key, value in outcomes.items()
              if key not in ("accepted", "temporary_failure") and round(value) != 0}

    refused = int(round(total(after, REFUSED, "mx") - total(before, REFUSED, "mx")))

    mf_rate = accepted / args.mf_seconds if args.mf_seconds > 0 else 0.0
    pf_rate = args.pf_delivered / args.pf_seconds if args.pf_seconds > 0 else 0.0
    pf_accept_rate = args.messages / args.pf_accept_seconds if args.pf_accept_seconds > 0 else 0.0
    p50, p50_exact = quantile(latency, 0.50)
    p99, p99_exact = quantile(latency, 0.99)
    histogram_count = int(round(max(latency.values()))) if latency else 0

    load = "smtp-source -s %d -m %d -l %d (after a warm-up of %d), one connection per message" % (
        args.sessions, args.messages, args.size, args.warmup)
    row = "  %-36s %s"
    print()
    print("SMTP benchmark, 127.0.0.1 only: %s" % load)
    print("  (one run on a shared %s-core machine: numbers are noisy)" % args.cores)
    print()
    if not args.mailfleet_only:
        print("Postfix %s: %s" % (args.pf_version, args.pf_delivery))
        print(row % ("accepted and in the mailbox", "%7.1f msg/s   (%d messages in %.2f s: the clock stopped when the queue"
                     % (pf_rate, args.pf_delivered, args.pf_seconds)))
        print(row % ("", "                was empty and the Maildir held all of them)"))
        print(row % ("accepted (250), for reference", "%7.1f msg/s   (smtp-source alone took %.2f s)"
                     % (pf_accept_rate, args.pf_accept_seconds)))
        print()
    print("mailfleet smtp-ingress, MX listener")
    print(row % ("accepted durably (S3 + Kafka ack)", "%7.1f msg/s   (%d messages in %.2f s)"
                 % (mf_rate, accepted, args.mf_seconds)))
    print(row % ("", "                acceptance only; the delivery worker runs meanwhile: bench/delivery.sh measures delivery"))
    print(row % ("accept latency, end of DATA to reply", "p50 %s   p99 %s" % (ms(p50, p50_exact), ms(p99, p99_exact))))
    print(row % ("", "(%d samples of mailfleet_smtp_accept_latency_seconds{listener=\"mx\",outcome=\"accepted\"},"
                 % histogram_count))
    print(row % ("", " interpolated within buckets)"))
    stages_before, stages_after = stage_buckets(before), stage_buckets(after)
    for stage in sorted(stages_after):
        times = difference(stages_after[stage], stages_before.get(stage, {}))
        s50, s50_exact = quantile(times, 0.50)
        s99, s99_exact = quantile(times, 0.99)
        print(row % ("  stage %s" % stage, "p50 %s   p99 %s" % (ms(s50, s50_exact), ms(s99, s99_exact))))
    if stages_after:
        print(row % ("", "(mailfleet_smtp_accept_stage_seconds{stage}: content_write, with the blob's pin, is part of"))
        print(row % ("", " body_store; event_publish comes after it)"))
    answered = "250: %d   4xx: %d" % (accepted, temporary)
    if others:
        answered += "   other: " + ", ".join("%s %d" % item for item in sorted(others.items()))
    print(row % ("answers", "%s   (of %d sent; %d smtp-source error lines)" % (answered, args.messages, args.source_errors)))
    print(row % ("connections refused (421)", "%d   (per-address limit on new connections lifted to %s/min for the run;"
                 % (refused, args.mf_rate_limit)))
    print(row % ("", " the default, 120/min, would refuse smtp-source's connection-per-message load)"))
    print()
    if not args.mailfleet_only:
        if pf_rate > 0:
            print("ratio mailfleet/postfix: %.2f   (mailfleet accepted durably / Postfix accepted and in the mailbox)"
                  % (mf_rate / pf_rate))
            if pf_accept_rate > 0:
                print("                         %.2f   (mailfleet accepted durably / Postfix accepted)"
                      % (mf_rate / pf_accept_rate))
        else:
            print("ratio mailfleet/postfix: n/a (Postfix rate is 0)")

    if accepted == 0:
        print("FAILED: mailfleet accepted no message in the measured run", file=sys.stderr)
        return 1
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check")
    check_parser.add_argument("metrics")
    report_parser = commands.add_parser("report")
    report_parser.add_argument("--mf-before", required=True)
    report_parser.add_argument("--mf-after", required=True)
    report_parser.add_argument("--mf-seconds", type=float, required=True)
    report_parser.add_argument("--mailfleet-only", action="store_true",
                               help="no Postfix run to report or compare with")
    report_parser.add_argument("--pf-seconds", type=float, default=0.0)
    report_parser.add_argument("--pf-accept-seconds", type=float, default=0.0)
    report_parser.add_argument("--pf-delivered", type=int, default=0)
    report_parser.add_argument("--pf-version", default="?")
    report_parser.add_argument("--pf-delivery", default="?")
    report_parser.add_argument("--messages", type=int, required=True)
    report_parser.add_argument("--sessions", type=int, required=True)
    report_parser.add_argument("--size", type=int, required=True)
    report_parser.add_argument("--warmup", type=int, required=True)
    report_parser.add_argument("--source-errors", type=int, default=0)
    report_parser.add_argument("--cores", default="?")
    report_parser.add_argument("--mf-rate-limit", default="?")
    args = parser.parse_args()
    return check(args) if args.command == "check" else report(args)


if __name__ == "__main__":
    sys.exit(main())
