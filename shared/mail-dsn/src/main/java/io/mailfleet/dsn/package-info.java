/**
 * Delivery status notifications: the RFC 3464 reports, in an RFC 6522 multipart/report, that tell a
 * sender what became of a message's recipients. Entry points: {@link io.mailfleet.dsn.DsnPolicy}
 * decides whether a recipient's outcome is reported at all, {@link io.mailfleet.dsn.DsnGenerator}
 * writes the report for a {@link io.mailfleet.dsn.DeliveryReport}.
 *
 * <p>Everything here is pure: the caller passes the DSN's date and Message-ID, so the same input
 * always gives the same octets.
 */
package io.mailfleet.dsn;
