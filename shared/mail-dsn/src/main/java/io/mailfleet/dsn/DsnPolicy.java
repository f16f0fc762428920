package io.mailfleet.dsn;

import io.mailfleet.model.address.MailAddress;
import io.mailfleet.model.event.DsnNotify;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Whether a recipient's outcome is reported to the sender at all (RFC 3461 §4.1, §6.2; RFC 5321 §6.1). */
public final class DsnPolicy {

    private DsnPolicy() {
    }

    /**
     * Decides for one recipient.
     *
     * <ul>
     *   <li>Never for the null reverse-path {@code <>}: it marks bounces and other notifications,
     *       and a DSN about one MUST NOT be sent (RFC 3461 §6.2, RFC 5321 §6.1), lest two
     *       systems bounce each other's bounces forever.</li>
     *   <li>Never with NOTIFY=NEVER.</li>
     *   <li>A failure when NOTIFY has FAILURE or was not given: RFC 3461 §4.1 makes failures the
     *       default.</li>
     *   <li>A delay only when NOTIFY has DELAY. Without NOTIFY, RFC 3461 §4.1 leaves delay
     *       reports to us; we send none, since the message may still arrive and an unasked-for
     *       warning mostly worries people.</li>
     *   <li>Delivered, relayed and expanded only when NOTIFY has SUCCESS.</li>
     * </ul>
     *
     * @param reversePath the original's MAIL FROM, empty for {@code <>}
     * @param notify      the recipient's NOTIFY values, empty when it had none
     */
    public static boolean shouldSend(Optional<MailAddress> reversePath, Set<DsnNotify> notify, DsnAction action) {
        Objects.requireNonNull(reversePath, "reversePath");
        Objects.requireNonNull(notify, "notify");
        Objects.requireNonNull(action, "action");
        if (reversePath.isEmpty() || notify.contains(DsnNotify.NEVER)) {
            return false;
        }
        return switch (action) {
            case FAILED -> notify.isEmpty() || notify.contains(DsnNotify.FAILURE);
            case DELAYED -> notify.contains(DsnNotify.DELAY);
            case DELIVERED, RELAYED, EXPANDED -> notify.contains(DsnNotify.SUCCESS);
        };
    }
}
