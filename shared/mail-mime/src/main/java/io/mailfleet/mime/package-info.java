/**
 * Parsing stored RFC 5322 / MIME messages once, at delivery, into what the gateways serve without
 * opening the body again (docs/architecture.md, invariant 5). Entry point: {@link io.mailfleet.mime.MimeParser}.
 *
 * <p>Conventions every offset and count follows:
 * <ul>
 *   <li>Offsets count the octets as stored; nothing is converted. A line ends after an LF, and a
 *       CR right before it belongs to the line end, so CRLF and bare-LF mail parse alike; a lone
 *       CR is an ordinary octet.</li>
 *   <li>A header block includes the empty line that ends it. The line end before a delimiter
 *       belongs to the delimiter (RFC 2046 §5.1.1), so a body or header right before one stops
 *       short of it.</li>
 *   <li>The line count of a body is the number of lines that start inside it: a last line
 *       without line end counts; the line whose line end went to a delimiter counts when it has
 *       content.</li>
 *   <li>Part numbers follow RFC 3501 §6.4.5: a single-part message's body is part 1, and the
 *       parts of a message/rfc822 part are numbered inside it (2.1, 2.2 …).</li>
 * </ul>
 */
package io.mailfleet.mime;
