package io.mailfleet.testing.peers;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one run of smtp-sink has seen, from its log: its {@code -c} counters, which it updates when a
 * session ends, on QUIT and on each final dot (smtp-sink(1)), and its {@code -v} line for each
 * connection it accepts. A restart counts from zero again.
 *
 * @param sessionsStarted connections it accepted
 * @param sessionsEnded   sessions that ended, however they ended ("sess")
 * @param quits           QUIT commands it executed ("quit")
 * @param messages        final dots it received, for messages it took or refused alike ("mesg")
 */
public record SinkCounters(int sessionsStarted, int sessionsEnded, int quits, int messages) {

    /** The -v line for an accepted connection, e.g. "/usr/sbin/smtp-sink: connect (AF_INET 127.0.0.1)". */
    private static final Pattern CONNECT = Pattern.compile(".*smtp-sink: connect \\(AF_\\w+ [^)]*\\)");
    /** One update of the -c counters; smtp-sink ends each with a CR, not a line feed. */
    private static final Pattern COUNTERS = Pattern.compile("sess=(\\d+) quit=(\\d+) mesg=(\\d+)");

    /** True when every session smtp-sink accepted has ended and been counted. */
    public boolean idle() {
        return sessionsStarted == sessionsEnded;
    }

    /** Reads what smtp-sink wrote since it started; the last counter update wins. */
    static SinkCounters read(String log) {
        int started = 0;
        int ended = 0;
        int quits = 0;
        int messages = 0;
        // A counter update and the -v line after it share a line, split only by the update's CR.
        for (String part : log.split("[\r\n]")) {
            Matcher counters = COUNTERS.matcher(part);
            if (counters.matches()) {
                ended = Integer.parseInt(counters.group(1));
                quits = Integer.parseInt(counters.group(2));
                messages = Integer.parseInt(counters.group(3));
            } else if (CONNECT.matcher(part).matches()) {
                started++;
            }
        }
        return new SinkCounters(started, ended, quits, messages);
    }
}
