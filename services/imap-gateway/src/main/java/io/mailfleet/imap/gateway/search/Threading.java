package io.mailfleet.imap.gateway.search;

import io.mailfleet.imap.response.SearchData.ThreadNode;
import io.mailfleet.store.mailbox.SortFields;
import io.mailfleet.store.mailbox.ThreadFields;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The threading algorithms of RFC 5256 §3, ORDEREDSUBJECT and REFERENCES, over the facts the metadata
 * store holds of each message: its sent date, base subject and threading facts (its Message ID and references,
 * normalized when they were worked out).
 */
public final class Threading {

    /**
     * One message to thread.
     *
     * @param number what the result names it by: its sequence number or its UID
     * @param msn    its sequence number, which breaks ties between equal sent dates (RFC 5256 §2.2)
     * @param facts  its sent date, base subject and threading facts, which it must have
     */
    public record Message(long number, int msn, SortFields facts) {

        public Message {
            Objects.requireNonNull(facts.thread(), "thread");
        }

        Instant sent() {
            return facts.sentDate();
        }

        String baseSubject() {
            return facts.subject();
        }

        ThreadFields thread() {
            return facts.thread();
        }
    }

    private Threading() {
    }

    /**
     * ORDEREDSUBJECT: messages with the same base subject form a thread, oldest first; the oldest is the
     * parent of all the others. Threads are ordered by the sent date of their first message.
     */
    public static List<ThreadNode> orderedSubject(List<Message> messages) {
        Map<String, List<Message>> bySubject = new LinkedHashMap<>();
        messages.stream().sorted(BY_DATE)
                .forEach(message -> bySubject.computeIfAbsent(message.baseSubject(), key -> new ArrayList<>())
                        .add(message));
        List<ThreadNode> threads = new ArrayList<>();
        for (List<Message> thread : bySubject.values()) {
            List<ThreadNode> children = thread.subList(1, thread.size()).stream()
                    .map(message -> ThreadNode.of(message.number())).toList();
            threads.add(new ThreadNode(thread.get(0).number(), children));
        }
        return threads;
    }

    /** REFERENCES (RFC 5256 §3, steps 1 to 6): threads from the reply headers, merged by base subject. */
    public static List<ThreadNode> references(List<Message> messages) {
        List<Container> roots = link(messages);
        roots = prune(roots, true);
        sort(roots);
        roots = mergeBySubject(roots);
        sort(roots);
        return roots.stream().map(Container::node).toList();
    }

    private static final Comparator<Message> BY_DATE = Comparator.comparing(Message::sent).thenComparingInt(Message::msn);

    /** A message, or a dummy standing for one that is referred to but not in the mailbox. */
    private static final class Container {
        Message message;
        Container parent;
        final List<Container> children = new ArrayList<>();

        boolean dummy() {
            return message == null;
        }

        boolean isAncestorOf(Container other) {
            for (Container at = other; at != null; at = at.parent) {
                if (at == this) {
                    return true;
                }
            }
            return false;
        }

        void adopt(Container child) {
            if (child.parent != null) {
                child.parent.children.remove(child);
            }
            child.parent = this;
            children.add(child);
        }

        /** The message that gives the container its date and subject: its own, or its first child's. */
        Message representative() {
            return dummy() ? children.get(0).representative() : message;
        }

        ThreadNode node() {
            return new ThreadNode(dummy() ? 0 : message.number(), children.stream().map(Container::node).toList());
        }
    }

    /** Steps 1 and 2: the parent links the References and In-Reply-To fields give, and the root set. */
    private static List<Container> link(List<Message> messages) {
        Map<String, Container> byId = new HashMap<>();
        List<Container> all = new ArrayList<>();
        for (Message message : messages.stream().sorted(Comparator.comparingInt(Message::msn)).toList()) {
            String ownId = message.thread().messageId();
            // A message without a Message-ID, or with one an earlier message has, is known by no identifier.
            Container own = ownId.isEmpty() || byId.containsKey(ownId) && !byId.get(ownId).dummy()
                    ? new Container() : byId.computeIfAbsent(ownId, id -> new Container());
            own.message = message;
            all.add(own);
            Container previous = null;
            for (String id : message.thread().parents()) {
                Container referenced = byId.computeIfAbsent(id, key -> new Container());
                if (previous != null && referenced.parent == null && referenced != previous
                        && !referenced.isAncestorOf(previous)) {
                    previous.adopt(referenced);
                }
                previous = referenced;
            }
            if (own.parent != null) {
                own.parent.children.remove(own);
                own.parent = null;
            }
            if (previous != null && previous != own && !own.isAncestorOf(previous)) {
                previous.adopt(own);
            }
        }
        all.addAll(byId.values());
        return all.stream().distinct().filter(container -> container.parent == null).toList();
    }

    /**
     * Step 4: dummies without children go; a dummy's children take its place, except that a dummy at the
     * root with more than one child stays, so as not to make them separate threads.
     */
    private static List<Container> prune(List<Container> level, boolean root) {
        List<Container> out = new ArrayList<>();
        for (Container container : level) {
            List<Container> children = prune(container.children, false);
            container.children.clear();
            children.forEach(child -> child.parent = container);
            container.children.addAll(children);
            if (!container.dummy()) {
                out.add(container);
            } else if (!root || children.size() == 1) {
                children.forEach(child -> child.parent = container.parent);
                out.addAll(children);
            } else if (!children.isEmpty()) {
                out.add(container);
            }
        }
        if (root) {
            out.forEach(container -> container.parent = null);
        }
        return out;
    }

    /** Step 5: threads whose roots have the same base subject are gathered under one thread. */
    private static List<Container> mergeBySubject(List<Container> roots) {
        Map<String, Container> bySubject = new HashMap<>();
        for (Container root : roots) {
            String subject = root.representative().baseSubject();
            if (subject.isEmpty()) {
                continue;
            }
            Container held = bySubject.get(subject);
            if (held == null || !held.dummy() && (root.dummy()
                    || replyOrForward(held) && !replyOrForward(root))) {
                bySubject.put(subject, root);
            }
        }
        List<Container> out = new ArrayList<>();
        for (Container root : roots) {
            if (root.parent != null) {
                continue; // merged already, under a dummy made for an earlier root
            }
            String subject = root.representative().baseSubject();
            Container held = subject.isEmpty() ? root : bySubject.get(subject);
            if (held == root) {
                out.add(root);
            } else if (held.dummy() && root.dummy()) {
                List.copyOf(root.children).forEach(held::adopt);
            } else if (held.dummy()) {
                held.adopt(root);
            } else if (replyOrForward(root) && !replyOrForward(held)) {
                held.adopt(root);
            } else {
                Container dummy = new Container();
                int at = out.indexOf(held);
                dummy.adopt(held);
                dummy.adopt(root);
                if (at >= 0) {
                    out.set(at, dummy);
                } else {
                    out.add(dummy);
                }
                bySubject.put(subject, dummy);
            }
        }
        return out;
    }

    private static boolean replyOrForward(Container container) {
        return container.representative().thread().replyOrForward();
    }

    /** Step 6: every level ordered by sent date, a dummy by that of its first child. */
    private static void sort(List<Container> level) {
        for (Container container : level) {
            sort(container.children);
        }
        level.sort(Comparator.comparing(Container::representative, BY_DATE));
    }
}
