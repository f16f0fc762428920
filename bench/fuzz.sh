#!/usr/bin/env bash
# The long fuzzing runs (the build fuzzes each target 5 s; this runs each for as long as asked):
#   bench/fuzz.sh 600                          every target for 10 minutes, one after the other
#   bench/fuzz.sh 60 MimeParserFuzzTest        one target (or several, by class name)
#
# Builds the test classes of the fuzzed modules in a private copy of the work tree (a build in the
# work tree meanwhile would rewrite the classes the fuzzer loads), then runs each *FuzzTest with
# Jazzer's command-line driver under nice, in the heap the build gives it (-Xmx256m, so that
# unbounded allocation is a finding), with libFuzzer's limits: FUZZ_RSS_LIMIT_MB (2048) for the
# process and FUZZ_TIMEOUT (60 s) per input. The first inputs also load and instrument every class
# they reach: on a busy machine, under nice, one took 11 s that way (and 2 ms run again), which a
# 10 s limit reported as a hang. Each target starts from an empty corpus folder plus its
# committed seeds. One line per target at the end: seconds fuzzed, executions, executions/s,
# coverage (cov/ft of the last status line), the corpus reached (entries and octets, seeds included;
# and the new entries written), the peak RSS of the fuzzing JVM, the slowest input and the result.
# A finding leaves its input and Jazzer's Java reproducer in the target's folder; the exit status is
# 0 only when no target found anything. The folder with every corpus and log is kept and named at
# the end.
set -euo pipefail

cd "$(dirname "$0")/.."
PROJECT=$PWD
SECONDS_PER_TARGET=${1:?usage: bench/fuzz.sh SECONDS_PER_TARGET [FuzzTestClass...]}
shift
RSS_LIMIT_MB=${FUZZ_RSS_LIMIT_MB:-2048}
TIMEOUT=${FUZZ_TIMEOUT:-60}

# Module, class and @FuzzTest method of each target: the committed seeds are in
# src/test/resources/<class path>Inputs/<method>, where the build's Jazzer finds them too.
TARGETS=(
  "shared/smtp-protocol io.mailfleet.smtp.SmtpSessionFuzzTest dialogues"
  "shared/pop3-protocol io.mailfleet.pop3.Pop3SessionFuzzTest dialogues"
  "shared/imap-protocol io.mailfleet.imap.wire.ImapInputFuzzTest readerAndParsers"
  "shared/mail-mime io.mailfleet.mime.MimeParserFuzzTest messages"
  "shared/mail-model io.mailfleet.model.address.MailAddressFuzzTest parseRenderParse"
  "shared/mail-dsn io.mailfleet.dsn.DsnGeneratorFuzzTest originals"
)

say() { printf '[fuzz %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
fail() { printf '[fuzz %s] FAILED: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }

chosen=()
for target in "${TARGETS[@]}"; do
  read -r module class method <<<"$target"
  if [ $# -eq 0 ] || [[ " $* " == *" ${class##*.} "* ]]; then
    chosen+=("$target")
  fi
done
[ ${#chosen[@]} -gt 0 ] || fail "no target named $*"

WORK=$(mktemp -d /tmp/mailfleet-fuzz.XXXXXX)
# shellcheck source=bench/lib/stack.sh
. "$PROJECT/bench/lib/stack.sh"
snapshot_tree
trap 'rm -rf "$TREE"' EXIT

modules=$(for target in "${chosen[@]}"; do read -r module _ <<<"$target"; printf '%s,' "$module"; done)
say "building the test classes of ${modules%,} in a copy of the work tree"
(cd "$TREE" && ./mvnw -B -ntp -q test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/fuzz-classpath.txt -pl "${modules%,}" -am >"$WORK/build.log" 2>&1) \
  || { tail -n 30 "$WORK/build.log" >&2; fail "build failed"; }

# field NAME: a field of the last status line ($last); final NAME: a final statistic of the run's log.
field() { sed -nE "s/.* $1: ([^ ]+).*/\1/p" <<<"$last"; }
final() { sed -nE "s/^stat::$1: +([0-9]+).*/\1/p" "$dir/log" | tail -n 1; }

summaries=()
status=0
for target in "${chosen[@]}"; do
  read -r module class method <<<"$target"
  name=${class##*.}
  dir=$WORK/$name
  mkdir -p "$dir/corpus" "$dir/findings"
  say "fuzzing $name for $SECONDS_PER_TARGET s (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  result=0
  (cd "$TREE/$module" && nice -n 19 "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx256m \
    -cp "target/test-classes:target/classes:$(cat target/fuzz-classpath.txt)" \
    com.code_intelligence.jazzer.Jazzer --target_class="$class" --reproducer_path="$dir/findings" \
    -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb="$RSS_LIMIT_MB" -timeout="$TIMEOUT" \
    -print_final_stats=1 -artifact_prefix="$dir/findings/" \
    "$dir/corpus" "src/test/resources/${class//.//}Inputs/$method") >"$dir/log" 2>&1 || result=$?

  # libFuzzer's status lines: "#<runs> <event> cov: C ft: F corp: N/<size>b ... exec/s: E rss: R";
  # its final statistics: "stat::number_of_executed_units: N", "stat::average_exec_per_sec: E", ...
  last=$(grep -E '^#[0-9]+.* cov: ' "$dir/log" | tail -n 1 || true)
  if [ "$result" -eq 0 ]; then
    outcome="no crash, timeout or out-of-memory"
  else
    status=1
    kind=$(grep -m1 -oE '== Java Exception: [^:]+|ERROR: libFuzzer: [a-z-]+|out-of-memory|Timeout' "$dir/log" || echo "exit status $result")
    outcome="FOUND $kind: $(ls "$dir/findings" | tr '\n' ' ')"
  fi
  summaries+=("$(printf '%-22s %5s s  %10s execs  %6s execs/s  cov %5s ft %6s  corpus %s (%s new)  peak RSS %s MB  slowest input %s s  limits: -Xmx256m, rss %s MB, %s s/input  %s' \
    "$name" "$(sed -nE 's/^Done [0-9]+ runs in ([0-9]+) second.*/\1/p' "$dir/log")" "$(final number_of_executed_units)" "$(final average_exec_per_sec)" \
    "$(field cov)" "$(field ft)" "$(field corp)" "$(find "$dir/corpus" -type f | wc -l)" "$(final peak_rss_mb)" "$(final slowest_unit_time_sec)" \
    "$RSS_LIMIT_MB" "$TIMEOUT" "$outcome")")
  say "${summaries[-1]}"
done

echo
printf '%s\n' "${summaries[@]}"
echo "corpora, logs and findings: $WORK"
exit "$status"
