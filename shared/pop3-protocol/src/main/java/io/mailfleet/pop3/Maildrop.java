package io.mailfleet.pop3;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The snapshot of the maildrop this session holds locked, with the deletion marks of RFC 1939 §5: marked
 * messages keep their numbers but can no longer be addressed, and only QUIT removes them.
 */
final class Maildrop {

    private final List<MaildropMessage> messages;
    private final boolean[] deleted;

    Maildrop(List<MaildropMessage> messages) {
        this.messages = List.copyOf(messages);
        this.deleted = new boolean[messages.size()];
    }

    /** The message with this number, unless there is none or it is marked deleted. */
    MaildropMessage message(long number) throws ReplyException {
        if (number < 1 || number > messages.size()) {
            throw new ReplyException(Pop3Reply.err("no such message, only " + messages.size()
                    + (messages.size() == 1 ? " message" : " messages") + " in maildrop"));
        }
        int index = (int) number - 1;
        if (deleted[index]) {
            throw new ReplyException(Pop3Reply.err("message " + number + " already deleted"));
        }
        return messages.get(index);
    }

    /** Marks a message that {@link #message} returned. */
    void delete(int number) {
        deleted[number - 1] = true;
    }

    void undeleteAll() {
        Arrays.fill(deleted, false);
    }

    /** Messages not marked deleted. */
    int count() {
        int count = 0;
        for (boolean d : deleted) {
            count += d ? 0 : 1;
        }
        return count;
    }

    /** Octets of the messages not marked deleted. */
    long octets() {
        long octets = 0;
        for (int i = 0; i < deleted.length; i++) {
            octets += deleted[i] ? 0 : messages.get(i).size();
        }
        return octets;
    }

    /** {@code n size} for every message not marked deleted (RFC 1939 §5 LIST). */
    List<String> scanListing() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < deleted.length; i++) {
            if (!deleted[i]) {
                lines.add((i + 1) + " " + messages.get(i).size());
            }
        }
        return lines;
    }

    /** {@code n unique-id} for every message not marked deleted (RFC 1939 §7 UIDL). */
    List<String> uniqueIdListing() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < deleted.length; i++) {
            if (!deleted[i]) {
                lines.add((i + 1) + " " + messages.get(i).uniqueId());
            }
        }
        return lines;
    }

    List<String> deletedIds() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < deleted.length; i++) {
            if (deleted[i]) {
                ids.add(messages.get(i).uniqueId());
            }
        }
        return ids;
    }
}
