package io.mailfleet.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailfleet.mime.SearchText;
import io.mailfleet.mime.TextSignature;
import io.mailfleet.model.MessageIdGenerator;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.MailboxId;
import io.mailfleet.model.mailbox.MailboxPath;
import io.mailfleet.model.mailbox.ModSeq;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.cassandra.CassandraMailboxRepository;
import io.mailfleet.store.cassandra.CassandraMessageContentRepository;
import io.mailfleet.store.cassandra.CassandraMessageRepository;
import io.mailfleet.store.mailbox.ChangesSince;
import io.mailfleet.store.mailbox.MessageContent;
import io.mailfleet.store.mailbox.MessageRepository;
import io.mailfleet.store.mailbox.NewMessage;
import io.mailfleet.store.mailbox.SearchFacts;
import io.mailfleet.store.mailbox.SearchRow;
import io.mailfleet.store.mailbox.SortFields;
import io.mailfleet.store.mailbox.StoredMessage;
import io.mailfleet.store.mailbox.TextRow;
import io.mailfleet.store.mailbox.UidList;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The stages of an IMAP {@code UID SEARCH BODY} over a mailbox of messages with search texts, each timed
 * alone over the whole mailbox in SEARCH's pages of 500: the message rows, the rows with their parsed
 * content, the search texts read and inflated (what SEARCH read for a body search before rows kept text
 * signatures), the inflating alone, the substring tests, the rows with their text signatures, the signature
 * tests alone, and what a body search reads now: the rows with their signatures, then the texts of the
 * messages a signature does not rule out, for a string in no message and for a word in about one message in
 * ten, read a page at a time and four spans at once, of whole rows and of the text rows SEARCH BODY reads, then with
 * each span's texts asked for as soon as its rows come (what SEARCH BODY does now); then
 * SORT's reads (the rows, and the sort date blocks before and after changes) and QRESYNC's after 100 changes. The
 * store's side of these commands, without the IMAP session. Before them, the first BODY search, SORT and QRESYNC read
 * of the JVM, of a second mailbox and of the first again, each once ({@link #firstCalls}): what a first round costs.
 */
final class SearchBenchmark {

    private static final int PAGE = 500;
    private static final int RUNS = 5;
    /** Words of the generated texts: a vocabulary of this many made-up words, drawn at random. */
    private static final int VOCABULARY = 5_000;
    private static final int TEXT_CHARACTERS = 3_500;

    private final CassandraMailboxRepository mailboxes;
    private final CassandraMessageRepository messages;
    private final CassandraMessageContentRepository contents;
    private final MessageIdGenerator ids = new MessageIdGenerator();
    private final Random random = new Random(15);
    private final String[] words = new String[VOCABULARY];

    SearchBenchmark(CqlSession session) {
        this.mailboxes = new CassandraMailboxRepository(session, Clock.systemUTC());
        this.messages = new CassandraMessageRepository(session);
        this.contents = new CassandraMessageContentRepository(session);
        for (int i = 0; i < VOCABULARY; i++) {
            StringBuilder word = new StringBuilder();
            for (int n = 3 + random.nextInt(7); n > 0; n--) {
                word.append((char) ('a' + random.nextInt(26)));
            }
            words[i] = word.toString();
        }
    }

    /** The stages' medians over a mailbox of {@code size} messages, in milliseconds, by name. */
    Map<String, Double> measure(int size) throws Exception {
        MailboxId mailbox = filled(size, "bench-search-" + size);
        MailboxId other = filled(size, "bench-search-other-" + size);
        Map<String, Double> figures = new LinkedHashMap<>();
        firstCalls(mailbox, other, figures);
        List<String> texts = new ArrayList<>();
        pages(mailbox, page -> texts.addAll(contents.searchTexts(page.stream().map(StoredMessage::blobKey).toList()).values()));
        List<byte[]> compressed = texts.stream().map(SearchBenchmark::compress).toList();
        String needle = "zzqx";
        String common = words[17];
        figures.put("message rows", median(() -> pages(mailbox, page -> { })));
        figures.put("message rows + parsed content", median(() -> facts(mailbox)));
        figures.put("message rows + search texts", median(() -> pages(mailbox,
                page -> contents.searchTexts(page.stream().map(StoredMessage::blobKey).toList()))));
        figures.put("inflating the texts alone", median(() -> compressed.stream().mapToInt(SearchBenchmark::inflatedLength).sum()));
        figures.put("substring tests alone", median(() -> (int) texts.stream().filter(text -> text.contains(needle)).count()));
        figures.put("signing the texts (write cost)", median(() -> texts.stream().mapToInt(text -> TextSignature.of(text).length).sum()));
        figures.put("message rows + text signatures", median(() -> signedPages(mailbox, page -> { })));
        List<byte[]> signatures = new ArrayList<>();
        signedPages(mailbox, page -> page.forEach(row -> signatures.add(row.textSignature())));
        figures.put("signature tests alone", median(() -> (int) signatures.stream()
                .filter(signature -> TextSignature.mayContain(signature, needle)).count()));
        figures.put("BODY search, page by page, in none", median(() -> search(mailbox, needle)));
        figures.put("BODY search, page by page, 1 in 10", median(() -> search(mailbox, common)));
        UidList uids = messages.open(mailbox).uids();
        figures.put("BODY search, 4 spans at once, in none", median(() -> searchAhead(mailbox, uids, needle)));
        figures.put("BODY search, 4 spans at once, 1 in 10", median(() -> searchAhead(mailbox, uids, common)));
        figures.put("BODY search, text rows, in none", median(() -> searchTextRows(mailbox, uids, needle)));
        figures.put("BODY search, text rows, 1 in 10", median(() -> searchTextRows(mailbox, uids, common)));
        figures.put("BODY search, texts read ahead, in none", median(() -> searchTextsAhead(mailbox, uids, needle)));
        figures.put("BODY search, texts read ahead, 1 in 10", median(() -> searchTextsAhead(mailbox, uids, common)));
        figures.put("SORT's sort keys, rows read", median(() -> messages.sortFacts(mailbox, Uid.MIN, Uid.MAX).size()));
        figures.put("SORT's dates from the blocks", median(() -> messages.dateFacts(mailbox, ascending(uids)).size()));
        ModSeq before = changed(mailbox);
        long[] left = ascending(messages.open(mailbox).uids());
        figures.put("SORT's dates, blocks after the changes", median(() -> messages.dateFacts(mailbox, left).size()));
        figures.put("QRESYNC reads after 100 changes", median(() -> resync(mailbox, before, false)));
        figures.put("QRESYNC reads, state not read again", median(() -> resync(mailbox, before, true)));
        System.out.printf("signatures of %,d bytes on average; texts read for the string in none: %,d, for the common word: %,d"
                        + " (%,d match)%n", signatures.stream().mapToInt(bytes -> bytes.length).sum() / Math.max(1, signatures.size()),
                passing(signatures, needle), passing(signatures, common),
                texts.stream().filter(text -> text.contains(common)).count());
        System.out.printf("%,d texts of %,d characters on average, %,d bytes compressed on average%n", texts.size(),
                texts.stream().mapToInt(String::length).sum() / Math.max(1, texts.size()),
                compressed.stream().mapToInt(bytes -> bytes.length).sum() / Math.max(1, texts.size()));
        return figures;
    }

    /**
     * The first BODY search, SORT by date and QRESYNC read of this JVM, each timed once, on {@code mailbox}; then the
     * same on {@code other}, a mailbox of the same size not read yet, with the JVM's code warm; then on {@code mailbox}
     * again. The first against the second tells what the JVM's first use costs (its compilers, classes, the
     * driver's first use of a statement); the second against the third what the first read of a mailbox costs
     * (Cassandra's caches; the sort date cells are written with the messages).
     */
    private void firstCalls(MailboxId mailbox, MailboxId other, Map<String, Double> figures) {
        String needle = "zzqx";
        for (String[] round : new String[][] {{"first in the JVM", "m"}, {"first of another mailbox", "o"}, {"again", "m"}}) {
            MailboxId read = round[1].equals("m") ? mailbox : other;
            UidList uids = messages.open(read).uids();
            figures.put("BODY search, " + round[0], once(() -> searchTextsAhead(read, uids, needle)));
            figures.put("SORT's dates, " + round[0], once(() -> messages.dateFacts(read, ascending(uids)).size()));
            // Three changes for the resync to find, on messages the later changes leave alone.
            ModSeq since = messages.counters(read).highestModSeq();
            for (int i = 1; i <= 3; i++) {
                messages.updateFlags(read, uids.get(i), flags -> flags.with(Flag.ANSWERED));
            }
            figures.put("QRESYNC reads, " + round[0], once(() -> resync(read, since, false)));
        }
    }

    /** The UIDs of an open, as SORT asks for them. */
    private static long[] ascending(UidList uids) {
        long[] values = new long[uids.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = uids.get(i).value();
        }
        return values;
    }

    private static double once(Callable<Integer> operation) {
        long began = System.nanoTime();
        try {
            operation.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return (System.nanoTime() - began) / 1e6;
    }

    static void print(int size, Map<String, Double> figures) {
        System.out.printf("%nUID SEARCH BODY stages over %,d messages (pages of %d)%n", size, PAGE);
        figures.forEach((name, value) -> System.out.printf("%-34s %9.1f ms%n", name, value));
    }

    private MailboxId filled(int size, String account) {
        MailboxId mailbox = mailboxes.create(account + "@example.test", MailboxPath.INBOX, Optional.empty())
                .mailbox().id();
        long started = System.nanoTime();
        for (int filled = 0; filled < size; filled += MessageRepository.MAX_ATOMIC_APPEND) {
            List<NewMessage> chunk = new ArrayList<>();
            for (int i = 0; i < Math.min(MessageRepository.MAX_ATOMIC_APPEND, size - filled); i++) {
                MessageContent content = content();
                contents.put(content);
                Instant sent = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(60L * random.nextInt(1_000_000));
                SortFields keys = new SortFields(sent, "a subject of some words", "sender", "user", "", "sender", "user", null);
                chunk.add(new NewMessage(ids.next(), content.blobKey(), content.size(), Instant.now(), Flags.EMPTY,
                        keys, content.textSignature()));
            }
            messages.appendAll(mailbox, chunk);
        }
        System.out.printf("%nfilled a mailbox with %,d messages and their search texts in %.0f s%n", size,
                (System.nanoTime() - started) / 1e9);
        return mailbox;
    }

    /** A message's content as the parser stores it for a 4 KB message, with a text of random words. */
    private MessageContent content() {
        StringBuilder text = new StringBuilder();
        while (text.length() < TEXT_CHARACTERS) {
            text.append(words[random.nextInt(VOCABULARY)]).append(random.nextInt(12) == 0 ? "\n" : " ");
        }
        String blobKey = "sha256/" + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
        String envelope = "(\"Mon, 1 Dec 2026 10:00:00 +0000\" \"a subject of some words\" ((NIL NIL \"sender\" \"example.test\"))"
                + " ((NIL NIL \"sender\" \"example.test\")) ((NIL NIL \"sender\" \"example.test\")) ((NIL NIL \"user\""
                + " \"example.test\")) NIL NIL NIL \"<" + blobKey + "@example.test>\")";
        String headers = "{\"from\":[\"sender@example.test\"],\"to\":[\"user@example.test\"],\"subject\":[\"a subject of"
                + " some words\"],\"date\":[\"Mon, 1 Dec 2026 10:00:00 +0000\"],\"message-id\":[\"<" + blobKey
                + "@example.test>\"],\"mime-version\":[\"1.0\"],\"content-type\":[\"text/plain; charset=utf-8\"]}";
        String folded = SearchText.fold(text.toString());
        String sections = "{\"header\":{\"start\":0,\"length\":420},\"body\":{\"start\":422,\"length\":3674},\"parts\":[]}";
        return new MessageContent(blobKey, 4096, envelope, "(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 3674 60"
                + " NIL NIL NIL NIL)", headers, sections, text.substring(0, 200), folded, TextSignature.of(folded));
    }

    private interface PageRead {
        void read(List<StoredMessage> page);
    }

    /** Reads the mailbox's message rows in SEARCH's pages, handing each page to {@code each}; the number of rows. */
    private int pages(MailboxId mailbox, PageRead each) {
        int read = 0;
        Uid from = Uid.MIN;
        while (true) {
            List<StoredMessage> page = messages.range(mailbox, from, Uid.MAX, PAGE);
            each.read(page);
            read += page.size();
            if (page.size() < PAGE) {
                return read;
            }
            from = page.get(page.size() - 1).uid().next();
        }
    }

    private interface SignedPageRead {
        void read(List<SearchRow> page);
    }

    private int signedPages(MailboxId mailbox, SignedPageRead each) {
        int read = 0;
        Uid from = Uid.MIN;
        while (true) {
            List<SearchRow> page = messages.searchRows(mailbox, from, Uid.MAX, PAGE);
            each.read(page);
            read += page.size();
            if (page.size() < PAGE) {
                return read;
            }
            from = page.get(page.size() - 1).message().uid().next();
        }
    }

    /** As SEARCH BODY reads: each page's rows with their signatures, then the texts of the rows that pass; the matches. */
    private int search(MailboxId mailbox, String needle) {
        int[] matches = {0};
        signedPages(mailbox, page -> {
            List<String> keys = page.stream().filter(row -> TextSignature.mayContain(row.textSignature(), needle))
                    .map(row -> row.message().blobKey()).toList();
            if (!keys.isEmpty()) {
                matches[0] += (int) contents.searchTexts(keys).values().stream().filter(text -> text.contains(needle)).count();
            }
        });
        return matches[0];
    }

    /** What bench/imap.sh's QRESYNC client misses: 70 messages flagged one by one, then 30 expunged; the MODSEQ before. */
    private ModSeq changed(MailboxId mailbox) {
        ModSeq before = messages.counters(mailbox).highestModSeq();
        var uids = messages.open(mailbox).uids();
        for (int i = 0; i < 70; i++) {
            messages.updateFlags(mailbox, uids.get(i * 97), flags -> flags.with(Flag.FLAGGED));
        }
        messages.expunge(mailbox, java.util.stream.IntStream.range(0, 30).mapToObj(i -> uids.get(50 + i * 211)).toList());
        return before;
    }

    /**
     * What SELECT with QRESYNC reads of the store: the mailbox opened, then every change since {@code since}, with
     * the highest MODSEQ of the open or after reading the state again; the changes.
     */
    private int resync(MailboxId mailbox, ModSeq since, boolean known) {
        ModSeq highest = messages.open(mailbox).counters().highestModSeq();
        ChangesSince.Changes changes = (ChangesSince.Changes) (known ? messages.changesSince(mailbox, since, highest)
                : messages.changesSince(mailbox, since));
        return changes.changed().size() + changes.expunged().size();
    }

    /** {@link #search} in spans of a page, four read at once, each tested while the next ones come, of whole rows. */
    private int searchAhead(MailboxId mailbox, UidList uids, String needle) {
        return searchAhead(mailbox, uids, needle, (first, last) -> messages.searchRowsAsync(mailbox, first, last)
                .thenApply(rows -> rows.stream().map(TextRow::of).toList()));
    }

    /** {@link #searchAhead} as SEARCH BODY reads now: each row's UID, blob key, size and text signature alone. */
    private int searchTextRows(MailboxId mailbox, UidList uids, String needle) {
        return searchAhead(mailbox, uids, needle, (first, last) -> messages.textRowsAsync(mailbox, first, last));
    }

    private int searchAhead(MailboxId mailbox, UidList uids, String needle,
                            java.util.function.BiFunction<Uid, Uid, java.util.concurrent.CompletableFuture<List<TextRow>>> span) {
        int spans = (uids.size() + PAGE - 1) / PAGE;
        java.util.ArrayDeque<java.util.concurrent.CompletableFuture<List<TextRow>>> reads = new java.util.ArrayDeque<>();
        int requested = 0;
        int matches = 0;
        for (int each = 0; each < spans; each++) {
            for (; requested < spans && requested < each + 4; requested++) {
                reads.add(span.apply(uids.get(requested * PAGE), uids.get(Math.min(uids.size(), (requested + 1) * PAGE) - 1)));
            }
            List<String> keys = reads.removeFirst().join().stream().filter(row -> TextSignature.mayContain(row.textSignature(), needle))
                    .map(TextRow::blobKey).toList();
            if (!keys.isEmpty()) {
                matches += (int) contents.searchTexts(keys).values().stream().filter(text -> text.contains(needle)).count();
            }
        }
        return matches;
    }

    /**
     * {@link #searchTextRows} as SEARCH BODY reads now: a span's texts asked for as soon as its rows come, so that they
     * are read while the spans before are tested rather than after them.
     */
    private int searchTextsAhead(MailboxId mailbox, UidList uids, String needle) {
        int spans = (uids.size() + PAGE - 1) / PAGE;
        java.util.ArrayDeque<java.util.concurrent.CompletableFuture<Map<String, String>>> reads = new java.util.ArrayDeque<>();
        int requested = 0;
        int matches = 0;
        for (int each = 0; each < spans; each++) {
            for (; requested < spans && requested < each + 4; requested++) {
                reads.add(messages.textRowsAsync(mailbox, uids.get(requested * PAGE), uids.get(Math.min(uids.size(), (requested + 1) * PAGE) - 1))
                        .thenCompose(rows -> contents.searchTextsAsync(rows.stream()
                                .filter(row -> TextSignature.mayContain(row.textSignature(), needle)).map(TextRow::blobKey).toList())));
            }
            matches += (int) reads.removeFirst().join().values().stream().filter(text -> text.contains(needle)).count();
        }
        return matches;
    }

    private static long passing(List<byte[]> signatures, String needle) {
        return signatures.stream().filter(signature -> TextSignature.mayContain(signature, needle)).count();
    }

    private int facts(MailboxId mailbox) {
        int read = 0;
        Uid from = Uid.MIN;
        while (true) {
            List<SearchFacts> page = messages.searchFacts(mailbox, from, Uid.MAX, PAGE);
            read += page.size();
            if (page.size() < PAGE) {
                return read;
            }
            from = page.get(page.size() - 1).message().uid().next();
        }
    }

    /** The zlib form the store keeps texts in (deflate's default level). */
    private static byte[] compress(String text) {
        Deflater deflater = new Deflater();
        deflater.setInput(text.getBytes(StandardCharsets.UTF_8));
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static int inflatedLength(byte[] compressed) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                out.write(buffer, 0, inflater.inflate(buffer));
            }
            return out.toString(StandardCharsets.UTF_8).length();
        } catch (java.util.zip.DataFormatException e) {
            throw new IllegalStateException(e);
        } finally {
            inflater.end();
        }
    }

    private static double median(Callable<Integer> operation) throws Exception {
        operation.call();
        double[] runs = new double[RUNS];
        for (int r = 0; r < RUNS; r++) {
            long began = System.nanoTime();
            operation.call();
            runs[r] = (System.nanoTime() - began) / 1e6;
        }
        Arrays.sort(runs);
        return runs[RUNS / 2];
    }
}
