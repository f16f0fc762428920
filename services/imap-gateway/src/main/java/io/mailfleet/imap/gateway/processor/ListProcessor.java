package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.command.ListCommand;
import io.mailfleet.imap.command.LsubCommand;
import io.mailfleet.imap.response.MailboxData;
import io.mailfleet.imap.response.Response;
import io.mailfleet.imap.session.Answer;
import io.mailfleet.imap.session.Question;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.store.mailbox.Mailbox;
import io.mailfleet.store.mailbox.MailboxTree;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * LIST with the selection and return options of LIST-EXTENDED (RFC 5258), SPECIAL-USE (RFC 6154) and
 * LIST-STATUS (RFC 5819), and LSUB (RFC 3501 §6.3.9), from the account's tree in one read. With
 * {@code (SUBSCRIBED RECURSIVEMATCH)} a name with a subscribed name below it is listed with
 * {@code CHILDINFO ("SUBSCRIBED")}, subscribed itself or not (RFC 5258 §3.5, RFC 9051 §6.3.9), so that
 * {@code %} still leads a client to subscriptions deeper down.
 */
final class ListProcessor {

    private ListProcessor() {
    }

    static Answer.Completed list(Request request) {
        ListCommand command = (ListCommand) request.command();
        Question.Context context = request.context();
        if (command.patterns().size() == 1 && command.patterns().get(0).isEmpty()) {
            // RFC 9051 §6.3.9: an empty pattern asks for the delimiter and the root.
            return Completions.ok(List.of(MailboxData.Listed.list(List.of("\\Noselect"), "")), "LIST completed");
        }
        boolean subscribedOnly = command.selection().contains(ListCommand.Selection.SUBSCRIBED);
        boolean specialOnly = command.selection().contains(ListCommand.Selection.SPECIAL_USE);
        boolean recursive = subscribedOnly && command.selection().contains(ListCommand.Selection.RECURSIVEMATCH);
        boolean showSubscribed = subscribedOnly || command.returns().contains(ListCommand.Return.SUBSCRIBED);
        // A LIST that neither selects nor reports subscriptions, as most are, does without reading them.
        MailboxTree tree = showSubscribed ? request.session().backends().store().mailboxes().tree(request.account())
                : request.session().backends().store().mailboxes().treeIgnoringSubscriptions(request.account());
        List<Pattern> patterns = new ArrayList<>();
        for (String pattern : command.patterns()) {
            patterns.add(pattern(context.mailboxName(command.reference()) + context.mailboxName(pattern)));
        }
        Set<MailboxPath> candidates = new LinkedHashSet<>();
        tree.names().forEach(name -> candidates.add(name.path()));
        if (subscribedOnly) {
            candidates.retainAll(tree.subscriptions());
            candidates.addAll(tree.subscriptions());
            if (recursive) {
                tree.subscriptions().forEach(subscribed -> addAncestors(subscribed, candidates));
            }
        }
        List<Response> out = new ArrayList<>();
        for (MailboxPath path : candidates) {
            if (patterns.stream().noneMatch(pattern -> pattern.matcher(path.toString()).matches())) {
                continue;
            }
            Optional<Mailbox> mailbox = tree.names().stream().filter(name -> name.path().equals(path)).findFirst()
                    .flatMap(MailboxTree.Name::mailbox);
            if (specialOnly && mailbox.flatMap(Mailbox::specialUse).isEmpty()) {
                continue;
            }
            List<String> attributes = new ArrayList<>();
            if (!tree.exists(path)) {
                attributes.add("\\NonExistent");
            } else if (mailbox.isEmpty()) {
                attributes.add("\\Noselect");
            }
            attributes.add(tree.hasChildren(path) ? "\\HasChildren" : "\\HasNoChildren");
            if (showSubscribed && tree.subscribed(path)) {
                attributes.add("\\Subscribed");
            }
            mailbox.flatMap(Mailbox::specialUse).ifPresent(attributes::add);
            List<String> childInfo = recursive && tree.subscriptions().stream().anyMatch(path::isAncestorOf)
                    ? List.of("SUBSCRIBED") : List.of();
            out.add(new MailboxData.Listed(false, attributes, path.toString(), childInfo, null));
            if (command.returns().contains(ListCommand.Return.STATUS) && mailbox.isPresent()) {
                out.add(StatusProcessor.status(request, mailbox.get(), command.statusItems()));
            }
        }
        return Completions.ok(out, "LIST completed");
    }

    /** The names above {@code path}, which RECURSIVEMATCH lists when one of them matches and it does not. */
    private static void addAncestors(MailboxPath path, Set<MailboxPath> into) {
        for (Optional<MailboxPath> up = path.parent(); up.isPresent(); up = up.get().parent()) {
            into.add(up.get());
        }
    }

    static Answer.Completed lsub(Request request) {
        LsubCommand command = (LsubCommand) request.command();
        Question.Context context = request.context();
        MailboxTree tree = request.session().backends().store().mailboxes().tree(request.account());
        Pattern pattern = pattern(context.mailboxName(command.reference()) + context.mailboxName(command.pattern()));
        List<Response> out = new ArrayList<>();
        tree.subscriptions().stream().map(MailboxPath::toString).sorted().forEach(name -> {
            if (pattern.matcher(name).matches()) {
                MailboxPath path = MailboxPath.parse(name);
                boolean selectable = tree.names().stream().anyMatch(each -> each.path().equals(path) && each.mailbox().isPresent());
                out.add(MailboxData.Listed.lsub(selectable ? List.of() : List.of("\\Noselect"), name));
            }
        });
        return Completions.ok(out, "LSUB completed");
    }

    /**
     * A LIST pattern as a regular expression: {@code *} matches anything, {@code %} anything but the
     * delimiter (RFC 9051 §6.3.9); INBOX matches in any case.
     */
    static Pattern pattern(String listPattern) {
        String pattern = listPattern;
        if (pattern.regionMatches(true, 0, "INBOX", 0, 5) && (pattern.length() == 5 || pattern.charAt(5) == '/')) {
            pattern = "INBOX" + pattern.substring(5);
        }
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*' || c == '%') {
                regex.append(Pattern.quote(literal.toString()));
                literal.setLength(0);
                regex.append(c == '*' ? ".*" : "[^/]*");
            } else {
                literal.append(c);
            }
        }
        regex.append(Pattern.quote(literal.toString()));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
