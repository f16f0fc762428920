package io.mailfleet.store.mailbox;

import io.mailfleet.model.mailbox.ModSeq;

import java.util.List;

/**
 * What changed in a mailbox after a MODSEQ a client knows (CONDSTORE {@code CHANGEDSINCE}, QRESYNC,
 * the resync of an IDLE session), or the news that the logs no longer reach back that far.
 */
public sealed interface ChangesSince {

    /**
     * One page of changes: every change with a MODSEQ in ({@code since}, {@code upTo}].
     *
     * @param changed  the messages appended or re-flagged in that span, as they are now, in MODSEQ order
     * @param expunged the UIDs expunged in that span, in MODSEQ order
     * @param more     true when changes after {@code upTo} exist: ask again from {@code upTo}
     */
    record Changes(ModSeq since, ModSeq upTo, List<StoredMessage> changed, List<Expunged> expunged, boolean more)
            implements ChangesSince {

        public Changes {
            changed = List.copyOf(changed);
            expunged = List.copyOf(expunged);
        }
    }

    /**
     * The logs were trimmed past {@code since}: the client must resynchronise in full (all UIDs and
     * their flags), because what was removed in between can no longer be told.
     */
    record ResyncRequired(ModSeq since) implements ChangesSince {
    }
}
