package io.mailfleet.chaos;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * What a run found, with the line the issue asks for: {@code N acknowledged, 0 lost, 0 duplicated (seed S)}.
 *
 * @param skippedCopies recipients the delivery workers found delivered already ({@link SkippedCopies})
 */
record ChaosReport(long seed, Audit.Verdict verdict, List<String> findings, List<String> timeline, long skippedCopies,
                   Duration loadTime, Duration total) {

    private static final int SHOWN = 30;

    /** Nothing lost, nothing duplicated, and no other check failed. */
    boolean clean() {
        return verdict.lost().isEmpty() && verdict.duplicated().isEmpty() && findings.isEmpty();
    }

    String summary() {
        return verdict.acknowledged() + " acknowledged, " + verdict.lost().size() + " lost, " + verdict.duplicated().size()
                + " duplicated (seed " + seed + ")";
    }

    void print(PrintStream out) {
        out.println("chaos: faults");
        timeline.forEach(line -> out.println("  " + line));
        out.printf("chaos: load %.0f s, whole run %.0f s%n", loadTime.toMillis() / 1000.0, total.toMillis() / 1000.0);
        out.println("chaos: final dots answered 4xx " + verdict.temporaryReplies() + " times; accepted on a retry of the same"
                + " octets after a 4xx or no answer " + verdict.acceptedOnRetry() + " (each stored once); recipients the"
                + " delivery workers skipped as delivered already " + skippedCopies + " (since each one's last start)");
        out.println("chaos: never accepted: answered 4xx " + verdict.temporaryFailures() + " (stored anyway: " + verdict.temporaryFailuresStored()
                + "), unanswered after the dot " + verdict.unanswered() + " (stored: " + verdict.unansweredStored()
                + "), refused with 5xx " + verdict.refused() + ", given up before the dot " + verdict.notSent()
                + " (these two must be nowhere)");
        section(out, "lost", verdict.lost());
        section(out, "duplicated", verdict.duplicated());
        section(out, "other findings", findings);
        out.println(summary());
    }

    private static void section(PrintStream out, String title, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        out.println("chaos: " + title + " (" + lines.size() + ")");
        lines.stream().limit(SHOWN).forEach(line -> out.println("  " + line));
        if (lines.size() > SHOWN) {
            out.println("  … and " + (lines.size() - SHOWN) + " more");
        }
    }
}
