# A warm-up of the mailfleet stack that lasts until its JVMs' JIT compilers are through with what the
# load made hot. Sourced by the bench scripts after bench/lib/stack.sh; they define say, fail, PROJECT,
# WORK and MF_PID (the stack start_mailfleet started) first.
#
# Why rounds and not a fixed time: the stack starts fresh for each bench, and each of its JVMs
# (Cassandra, Kafka, S3Proxy, every service) compiles for minutes under load, as fast as the loaded
# machine lets its compiler threads run. A fixed warm-up of 10-20 s left two thirds of Cassandra's CPU
# per IMAP operation in its compilers; a mail system runs for days, and the figures are meant of that
# steady state. The compilers' work ends with time, not with a number of operations.

# still_compiling JIT LIMIT: true while JIT (ms per unit, empty before the first round) is LIMIT or more.
still_compiling() {
  awk -v jit="$1" -v limit="$2" 'BEGIN { exit !(jit == "" || jit + 0 >= limit + 0) }'
}

# warm_up_in_rounds UNIT LEAST LIMIT LONGEST ROUND...: calls the command ROUND (with the round's number
# appended) again and again, each call framed by snapshots of the threads of every JVM of the stack;
# ROUND sets ROUND_DONE to the number of UNITs (message, operation, session) it did, and may read
# WARMED, the number done in the rounds before. After each round it prints the JIT compiler threads'
# CPU per UNIT in each JVM and in all together (bench/lib/threads.py jit). It goes on until LEAST
# UNITs are done and a round's compilers, all JVMs together, spent less than LIMIT ms per UNIT, or,
# LEAST once done, until LONGEST seconds have passed; then says how it ended. It sets WARMED, and
# WARM_JIT to the last round's figure (empty when no round ran: LEAST 0 and LONGEST 0).
# WARMUP_SETTLED_ROUNDS (1 unless the script sets it) consecutive rounds under LIMIT end it: on a loaded
# machine one round's figure swings by a factor of two to five from the next, and a single quiet round
# ended bench/smtp.sh's warm-up with the compilers at 35% of smtp-ingress's CPU in the measured run.
warm_up_in_rounds() {
  local unit=$1 least=$2 limit=$3 longest=$4 round=0 started=$SECONDS deadline at_least= settled=0
  local settle=${WARMUP_SETTLED_ROUNDS:-1}
  shift 4
  deadline=$((SECONDS + longest))
  WARMED=0
  WARM_JIT=
  [ "$least" -eq 0 ] || at_least=", after at least $least ${unit}s"
  say "mailfleet: warm-up in rounds until $settle round(s) in a row whose JIT compilers (all JVMs together) spend less than $limit ms per $unit$at_least (at most $longest s)"
  while [ "$WARMED" -lt "$least" ] || { [ "$SECONDS" -lt "$deadline" ] && [ "$settled" -lt "$settle" ]; }; do
    round=$((round + 1))
    python3 "$PROJECT/bench/lib/threads.py" snapshot "$MF_PID" "$WORK/warmup-before.threads.json"
    ROUND_DONE=0
    "$@" "$round"
    python3 "$PROJECT/bench/lib/threads.py" snapshot "$MF_PID" "$WORK/warmup-after.threads.json"
    [ "$ROUND_DONE" -gt 0 ] || fail "warm-up round $round did not complete a single $unit"
    python3 "$PROJECT/bench/lib/threads.py" jit "$WORK/warmup-before.threads.json" "$WORK/warmup-after.threads.json" \
      --messages "$ROUND_DONE" --unit "$unit" --label "  warm-up round $round (${unit}s $((WARMED + 1))-$((WARMED + ROUND_DONE)))"
    WARM_JIT=$(python3 "$PROJECT/bench/lib/threads.py" jit-total "$WORK/warmup-before.threads.json" \
      "$WORK/warmup-after.threads.json" --messages "$ROUND_DONE")
    WARMED=$((WARMED + ROUND_DONE))
    if still_compiling "$WARM_JIT" "$limit"; then
      settled=0
    else
      settled=$((settled + 1))
    fi
  done
  if [ -z "$WARM_JIT" ]; then
    say "mailfleet: no warm-up round (the longest warm-up is 0 s)"
  elif [ "$settled" -lt "$settle" ]; then
    say "mailfleet: warm-up stopped at its longest, $((SECONDS - started)) s, $WARMED ${unit}s, $round round(s), still compiling: the last round's JIT compilers $WARM_JIT ms per $unit (limit $limit, $settled of $settle round(s) in a row under it)"
  else
    say "mailfleet: warm after $((SECONDS - started)) s, $WARMED ${unit}s, $round round(s): the last round's JIT compilers $WARM_JIT ms per $unit (limit $limit)"
  fi
}
