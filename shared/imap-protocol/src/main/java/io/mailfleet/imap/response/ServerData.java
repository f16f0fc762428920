package io.mailfleet.imap.response;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.mailfleet.imap.wire.ModifiedUtf7;

/** Untagged data about the server and the account: CAPABILITY, ENABLED, ID, NAMESPACE, QUOTA, QUOTAROOT. */
public interface ServerData extends Response {

    /** {@code * CAPABILITY IMAP4rev1 IMAP4rev2 ...} (RFC 3501 §7.2.1). */
    record Capability(List<String> capabilities) implements ServerData {
        public Capability {
            capabilities = List.copyOf(capabilities);
        }

        @Override
        public void writeTo(ResponseWriter out) {
            writeAtoms(out, "* CAPABILITY", capabilities);
        }
    }

    /** {@code * ENABLED CONDSTORE} (RFC 5161 §3.2): what ENABLE turned on that was off. */
    record Enabled(List<String> capabilities) implements ServerData {
        public Enabled {
            capabilities = List.copyOf(capabilities);
        }

        @Override
        public void writeTo(ResponseWriter out) {
            writeAtoms(out, "* ENABLED", capabilities);
        }
    }

    /** {@code * ID ("name" "mailfleet")} or {@code * ID NIL} (RFC 2971 §3.2); values may be null. */
    record Id(Map<String, String> fields) implements ServerData {
        public Id {
            // A copy that keeps the caller's order and allows null values.
            fields = fields == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        @Override
        public void writeTo(ResponseWriter out) {
            out.raw("* ID ");
            if (fields == null || fields.isEmpty()) {
                out.raw("NIL").crlf();
                return;
            }
            out.raw("(");
            boolean first = true;
            for (Map.Entry<String, String> field : fields.entrySet()) {
                out.raw(first ? "" : " ").string(field.getKey()).sp().nstring(field.getValue());
                first = false;
            }
            out.raw(")").crlf();
        }
    }

    /** One namespace: a name prefix; its delimiter is {@link MailboxData#DELIMITER}. */
    record Namespace(String prefix) {
        public Namespace {
            Objects.requireNonNull(prefix, "prefix");
        }
    }

    /**
     * {@code * NAMESPACE (("" "/")) NIL NIL} (RFC 2342, RFC 9051 §7.3.2): personal, other users' and shared
     * namespaces, each NIL when empty.
     */
    record Namespaces(List<Namespace> personal, List<Namespace> otherUsers, List<Namespace> shared)
            implements ServerData {
        public Namespaces {
            personal = List.copyOf(personal);
            otherUsers = List.copyOf(otherUsers);
            shared = List.copyOf(shared);
        }

        @Override
        public void writeTo(ResponseWriter out) {
            out.raw("* NAMESPACE");
            for (List<Namespace> namespaces : List.of(personal, otherUsers, shared)) {
                out.sp();
                if (namespaces.isEmpty()) {
                    out.raw("NIL");
                    continue;
                }
                out.raw("(");
                for (Namespace namespace : namespaces) {
                    String prefix = out.utf8() ? namespace.prefix()
                            : ModifiedUtf7.encode(namespace.prefix());
                    out.raw("(").string(prefix).raw(" \"" + MailboxData.DELIMITER + "\")");
                }
                out.raw(")");
            }
            out.crlf();
        }
    }

    /** One resource of a quota root (RFC 9208 §5.1): STORAGE in units of 1024 octets, MESSAGE, ... */
    record QuotaResource(String name, long usage, long limit) {
        public QuotaResource {
            Objects.requireNonNull(name, "name");
            if (usage < 0 || limit < 0) {
                throw new IllegalArgumentException("quota usage and limit are unsigned");
            }
        }
    }

    /** {@code * QUOTA "" (STORAGE 10 512)} (RFC 9208 §5.1). */
    record Quota(String root, List<QuotaResource> resources) implements ServerData {
        public Quota {
            Objects.requireNonNull(root, "root");
            resources = List.copyOf(resources);
        }

        @Override
        public void writeTo(ResponseWriter out) {
            out.raw("* QUOTA ").astring(root).raw(" (");
            for (int i = 0; i < resources.size(); i++) {
                QuotaResource resource = resources.get(i);
                out.raw(i > 0 ? " " : "").atom(resource.name()).sp().number(resource.usage()).sp()
                        .number(resource.limit());
            }
            out.raw(")").crlf();
        }
    }

    /** {@code * QUOTAROOT INBOX ""} (RFC 9208 §5.2): the quota roots of a mailbox. */
    record QuotaRoot(String mailbox, List<String> roots) implements ServerData {
        public QuotaRoot {
            Objects.requireNonNull(mailbox, "mailbox");
            roots = List.copyOf(roots);
        }

        @Override
        public void writeTo(ResponseWriter out) {
            out.raw("* QUOTAROOT ").mailbox(mailbox);
            roots.forEach(root -> out.sp().astring(root));
            out.crlf();
        }
    }

    /** {@code head} and each atom after a space, then CRLF. */
    private static void writeAtoms(ResponseWriter out, String head, List<String> atoms) {
        out.raw(head);
        atoms.forEach(atom -> out.sp().atom(atom));
        out.crlf();
    }
}
