package io.mailfleet.testing.clients.imap;

import java.util.List;

/**
 * One run of a synchronising client.
 *
 * @param changes what the client reports it changed, on either side, one entry per kind of change
 *                and side (mbsync) or per action (offlineimap); empty when the two sides already agreed
 */
public record SyncRun(int exitCode, String output, List<String> changes) {

    public boolean changedNothing() {
        return changes.isEmpty();
    }
}
