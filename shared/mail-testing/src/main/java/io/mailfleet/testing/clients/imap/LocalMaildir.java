package io.mailfleet.testing.clients.imap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The local side of a synchronising client (mbsync, offlineimap): one Maildir per folder, a folder
 * named {@code A/B} in {@code root/A/B}. Changing it as a mail reader would (flags in the file name,
 * a deleted message's file gone, a new message written through tmp/) gives the client something to
 * send back to the server.
 */
public final class LocalMaildir {

    private static final String INFO = ":2,";

    private final Path root;

    LocalMaildir(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** The folders that hold a Maildir (cur, new and tmp), as the client named them, sorted. */
    public List<String> folders() {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(dir -> Files.isDirectory(dir.resolve("cur")) && Files.isDirectory(dir.resolve("new")))
                    .map(dir -> root.relativize(dir).toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    /** The messages of {@code folder}, in new/ and cur/, sorted by subject. */
    public List<LocalMessage> messages(String folder) {
        List<LocalMessage> messages = new ArrayList<>();
        for (String part : List.of("new", "cur")) {
            Path dir = folderPath(folder).resolve(part);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(Files::isRegularFile).forEach(file -> messages.add(message(file)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
        }
        messages.sort(Comparator.comparing(LocalMessage::subject));
        return messages;
    }

    /** The one message of {@code folder} whose subject is {@code subject}. */
    public LocalMessage message(String folder, String subject) {
        List<LocalMessage> found = messages(folder).stream().filter(m -> m.subject().equals(subject)).toList();
        if (found.size() != 1) {
            throw new IllegalStateException(found.size() + " messages with subject '" + subject + "' in " + folder
                    + ": " + messages(folder));
        }
        return found.get(0);
    }

    /**
     * Gives {@code message} exactly the Maildir flags {@code flags} (letters: D draft, F flagged,
     * R replied, S seen, T trashed), as a mail reader does: by renaming its file into cur/.
     */
    public LocalMessage setFlags(LocalMessage message, String flags) {
        String sorted = flags.chars().mapToObj(c -> String.valueOf((char) c))
                .collect(Collectors.toCollection(TreeSet::new)).stream().collect(Collectors.joining());
        String name = message.file().getFileName().toString();
        int info = name.indexOf(INFO);
        String base = info < 0 ? name : name.substring(0, info);
        Path target = message.file().getParent().resolveSibling("cur").resolve(base + INFO + sorted);
        try {
            Files.move(message.file(), target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename " + message.file(), e);
        }
        return message(target);
    }

    /** Removes {@code message}'s file, as a reader that expunges it locally does. */
    public void delete(LocalMessage message) {
        try {
            Files.delete(message.file());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + message.file(), e);
        }
    }

    /** Writes a new message into {@code folder} (a Maildir made if missing), through tmp/ into new/. */
    public LocalMessage add(String folder, String message) {
        Path dir = folderPath(folder);
        for (String part : List.of("cur", "new", "tmp")) {
            ClientProcess.directory(dir.resolve(part));
        }
        String name = System.currentTimeMillis() / 1000 + ".M" + System.nanoTime() + "P" + ProcessHandle.current().pid()
                + ".mailfleet-test";
        Path tmp = dir.resolve("tmp").resolve(name);
        Path target = dir.resolve("new").resolve(name);
        try {
            Files.writeString(tmp, message.replace("\r\n", "\n"), StandardCharsets.UTF_8);
            Files.move(tmp, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a message into " + dir, e);
        }
        return message(target);
    }

    private Path folderPath(String folder) {
        return root.resolve(folder);
    }

    private static LocalMessage message(Path file) {
        String name = file.getFileName().toString();
        int info = name.indexOf(INFO);
        String flags = info < 0 ? "" : name.substring(info + INFO.length());
        return new LocalMessage(file, flags, subjectOf(file));
    }

    private static String subjectOf(Path file) {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            Optional<String> subject = lines.takeWhile(line -> !line.isEmpty())
                    .filter(line -> line.regionMatches(true, 0, "Subject:", 0, 8))
                    .map(line -> line.substring(8).strip())
                    .findFirst();
            return subject.orElse("");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * One message file.
     *
     * @param flags its Maildir flag letters, sorted ("" for none)
     */
    public record LocalMessage(Path file, String flags, String subject) {
    }
}
