package io.mailfleet.imap.gateway.processor;

import io.mailfleet.imap.command.FetchAttribute;
import io.mailfleet.imap.command.FetchCommand;
import io.mailfleet.imap.command.SequenceSet;
import io.mailfleet.imap.gateway.fetch.DecodedParts;
import io.mailfleet.imap.gateway.fetch.HeaderFields;
import io.mailfleet.imap.gateway.fetch.SectionRanges;
import io.mailfleet.imap.gateway.fetch.StoredStructure;
import io.mailfleet.imap.gateway.fetch.TransferDecoding;
import io.mailfleet.imap.response.FetchItem;
import io.mailfleet.imap.response.FetchResponse;
import io.mailfleet.imap.response.Response;
import io.mailfleet.imap.response.ResponseCode;
import io.mailfleet.imap.session.Answer;
import io.mailfleet.mime.model.ByteRange;
import io.mailfleet.mime.model.MimePart;
import io.mailfleet.model.mailbox.Flag;
import io.mailfleet.model.mailbox.Flags;
import io.mailfleet.model.mailbox.Uid;
import io.mailfleet.store.blob.BlobKey;
import io.mailfleet.store.mailbox.FlagUpdate;
import io.mailfleet.store.mailbox.MessageContent;
import io.mailfleet.store.mailbox.MessageRepository;
import io.mailfleet.store.mailbox.StoreResult;
import io.mailfleet.store.mailbox.StoredMessage;

import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * FETCH and UID FETCH (RFC 9051 §6.4.5), with CHANGEDSINCE and VANISHED (RFC 7162). Flags, sizes,
 * dates, ENVELOPE, BODYSTRUCTURE and BODY come from Cassandra only; body sections are resolved to octet
 * ranges of the blob from the stored part offsets and left for the connection to stream from S3 by
 * ranged reads, so no body is read here, except the header a {@code HEADER.FIELDS} filters and the
 * encoded parts whose decoded size BINARY needs (RFC 3516) and the parse did not count, read once each
 * ({@link DecodedParts}). A body
 * fetch without PEEK sets {@code \Seen} with one bulk store.
 */
final class FetchProcessor {

    private static final int PAGE = 500;
    /** A header block larger than this is not filtered for HEADER.FIELDS but cut: bounds memory per fetch. */
    private static final int MAX_FILTERED_HEADER = 256 * 1024;

    private FetchProcessor() {
    }

    static Answer.Completed fetch(Request request) throws IOException {
        FetchCommand command = (FetchCommand) request.command();
        if (FlagsFetch.answers(command)) {
            return FlagsFetch.fetch(request);
        }
        Selected selected = request.selected();
        MessageRepository messages = request.session().backends().store().messages();
        List<StoredMessage> rows = rows(messages, selected, request.uids());
        if (command.changedSince().isPresent()) {
            long since = command.changedSince().getAsLong();
            rows = rows.stream().filter(row -> row.modSeq().value() > since).toList();
        }
        List<Response> out = new ArrayList<>();
        if (command.vanished()) {
            // $ (RFC 5182) stands for the UIDs the session resolved it to.
            SequenceSet set = command.messages().saved() ? new SequenceSet(Arrays.stream(request.uids())
                    .mapToObj(uid -> new SequenceSet.Range(uid, uid)).toList(), false) : command.messages();
            out.addAll(Resync.onFetch(messages, selected, set, command.changedSince().getAsLong()));
        }
        Map<Long, Flags> seenNow = markSeen(request, command, rows);
        Contents contents = new Contents(request.session().backends(), rows.stream().map(StoredMessage::blobKey).toList());
        DecodedParts decodedParts = new DecodedParts(request.session().backends().blobs());
        boolean condstore = request.context().reporting().condstore() || command.changedSince().isPresent();
        for (StoredMessage row : rows) {
            int msn = selected.view().messages().msn(row.uid().value());
            if (msn == 0) {
                continue;
            }
            Flags flags = seenNow.getOrDefault(row.uid().value(), row.flags());
            List<FetchItem> items = new ArrayList<>();
            for (FetchAttribute attribute : command.attributes()) {
                Optional<Answer.Completed> refused = item(request, attribute, row, flags, contents, decodedParts, items);
                if (refused.isPresent()) {
                    request.session().bodies().clear();
                    return refused.get();
                }
            }
            if (seenNow.containsKey(row.uid().value()) && items.stream().noneMatch(FetchItem.Flags.class::isInstance)) {
                items.add(new FetchItem.Flags(flags, false));
            }
            // RFC 7162 §3.1 and §3.1.4.1: with CONDSTORE on, a FETCH response names the message by UID and MODSEQ too.
            if (condstore && items.stream().noneMatch(item -> item instanceof FetchItem.Number number && number.name().equals("UID"))) {
                items.add(0, FetchItem.Number.uid(row.uid().value()));
            }
            if (condstore && items.stream().noneMatch(FetchItem.ModSeq.class::isInstance)) {
                items.add(new FetchItem.ModSeq(row.modSeq().value()));
            }
            out.add(new FetchResponse(msn, items));
        }
        return Completions.ok(out, command.kind().wireName() + " completed");
    }

    /** The rows of the UIDs asked for, read in pages of the set; those expunged meanwhile are missing. */
    private static List<StoredMessage> rows(MessageRepository messages, Selected selected, long[] uids) {
        List<StoredMessage> rows = new ArrayList<>(uids.length);
        for (int from = 0; from < uids.length; from += PAGE) {
            List<Uid> page = new ArrayList<>(PAGE);
            for (int i = from; i < Math.min(uids.length, from + PAGE); i++) {
                page.add(Uid.of(uids[i]));
            }
            rows.addAll(messages.findAll(selected.mailbox().id(), page));
        }
        return rows;
    }

    /** One bulk store of {@code \Seen} for the messages a non-PEEK body fetch reads; their new flags by UID. */
    private static Map<Long, Flags> markSeen(Request request, FetchCommand command, List<StoredMessage> rows) {
        boolean setsSeen = command.attributes().stream().anyMatch(FetchProcessor::setsSeen);
        Selected selected = request.selected();
        if (!setsSeen || selected.view().readOnly()) {
            return Map.of();
        }
        List<Uid> unseen = rows.stream().filter(row -> !row.flags().contains(Flag.SEEN)).map(StoredMessage::uid).toList();
        if (unseen.isEmpty()) {
            return Map.of();
        }
        StoreResult result = request.session().backends().store().messages().store(selected.mailbox().id(), unseen,
                FlagUpdate.add(Flags.of(Flag.SEEN)), Optional.empty());
        Events.flagsChanged(request.session().backends().events(), selected.mailbox(), result);
        Map<Long, Flags> changed = new HashMap<>();
        for (StoreResult.Updated updated : result.updated()) {
            changed.put(updated.uid().value(), updated.flags());
            request.session().silentChanges().put(updated.uid().value(), updated.modSeq().value());
        }
        return changed;
    }

    static boolean setsSeen(FetchAttribute attribute) {
        return attribute == FetchAttribute.Simple.RFC822 || attribute == FetchAttribute.Simple.RFC822_TEXT
                || attribute instanceof FetchAttribute.BodySection section && !section.peek()
                || attribute instanceof FetchAttribute.Binary binary && !binary.peek();
    }

    /** Adds the item an attribute asks for; a NO when it cannot be given. */
    private static Optional<Answer.Completed> item(Request request, FetchAttribute attribute, StoredMessage row, Flags flags,
                                                   Contents contents, DecodedParts decodedParts, List<FetchItem> items)
            throws IOException {
        long uid = row.uid().value();
        if (attribute instanceof FetchAttribute.Simple simple) {
            switch (simple) {
                case FLAGS -> items.add(new FetchItem.Flags(flags, false));
                case UID -> items.add(FetchItem.Number.uid(uid));
                case INTERNALDATE -> items.add(new FetchItem.InternalDate(row.internalDate().atOffset(ZoneOffset.UTC)));
                case RFC822_SIZE -> items.add(FetchItem.Number.size(row.size()));
                case ENVELOPE -> items.add(new FetchItem.Rendered("ENVELOPE", contents.of(row.blobKey()).envelope()));
                case BODYSTRUCTURE -> items.add(new FetchItem.Rendered("BODYSTRUCTURE",
                        contents.of(row.blobKey()).bodyStructure()));
                case BODY -> items.add(new FetchItem.Rendered("BODY",
                        io.mailfleet.mime.imap.ImapRenderer.body(parts(contents, row))));
                case MODSEQ -> items.add(new FetchItem.ModSeq(row.modSeq().value()));
                case EMAILID -> items.add(new FetchItem.EmailId(row.messageId().toString()));
                case THREADID -> items.add(new FetchItem.ThreadId(null));
                case SAVEDATE -> items.add(new FetchItem.SaveDate(row.saveDate() == null ? null
                        : row.saveDate().atOffset(ZoneOffset.UTC)));
                case RFC822 -> section(request, items, new FetchItem.BodySection("RFC822", null, OptionalLong.empty(),
                        row.size()), new ByteRange(0, row.size()), row);
                case RFC822_HEADER -> {
                    ByteRange header = parts(contents, row).mime();
                    section(request, items, new FetchItem.BodySection("RFC822.HEADER", null, OptionalLong.empty(),
                            header.length()), header, row);
                }
                case RFC822_TEXT -> {
                    ByteRange text = parts(contents, row).body();
                    section(request, items, new FetchItem.BodySection("RFC822.TEXT", null, OptionalLong.empty(),
                            text.length()), text, row);
                }
            }
            return Optional.empty();
        }
        if (attribute instanceof FetchAttribute.BodySection body) {
            bodySection(request, body, row, contents, items);
            return Optional.empty();
        }
        if (attribute instanceof FetchAttribute.Binary binary) {
            String spec = binary.part().stream().map(String::valueOf).collect(Collectors.joining("."));
            Optional<BinaryPart> found = binaryPart(contents, row, binary.part());
            if (found.isEmpty()) {
                return Optional.of(unknownEncoding());
            }
            BinaryPart part = found.get();
            if (part.range().length() == 0) {
                // A part the message does not have, or an empty one: nothing to read.
                items.add(FetchItem.BodySection.binary(spec, origin(binary.partial()), 0));
                request.session().bodies().add(new BodySource.Bytes(uid, new byte[0]));
                return Optional.empty();
            }
            ByteRange range = part.range();
            if (TransferDecoding.identity(part.encoding())) {
                long[] window = SectionRanges.partial(range.length(), binary.partial());
                section(request, items, FetchItem.BodySection.binary(spec, origin(binary.partial()), window[1] - window[0]),
                        new ByteRange(range.start() + window[0], range.start() + window[1]), row);
                return Optional.empty();
            }
            if (part.decodedSize() != null) {
                // The parse counted the decoded octets: the literal's size is known, and one read streams them.
                long[] window = SectionRanges.partial(part.decodedSize(), binary.partial());
                items.add(FetchItem.BodySection.binary(spec, origin(binary.partial()), window[1] - window[0]));
                request.session().bodies().add(new BodySource.DecodedBlob(uid, row.blobKey(), range.start(), range.length(),
                        part.encoding(), window[0], window[1] - window[0]));
                return Optional.empty();
            }
            DecodedParts.Decoded decoded = decodedParts.of(row.blobKey(), range, part.encoding());
            long[] window = SectionRanges.partial(decoded.size(), binary.partial());
            items.add(FetchItem.BodySection.binary(spec, origin(binary.partial()), window[1] - window[0]));
            if (decoded.octets() != null) {
                byte[] octets = decoded.octets();
                request.session().bodies().add(new BodySource.Bytes(uid, window[0] == 0 && window[1] == octets.length
                        ? octets : Arrays.copyOfRange(octets, (int) window[0], (int) window[1])));
            } else {
                request.session().bodies().add(new BodySource.DecodedBlob(uid, row.blobKey(), range.start(), range.length(),
                        part.encoding(), window[0], window[1] - window[0]));
            }
            return Optional.empty();
        }
        if (attribute instanceof FetchAttribute.BinarySize size) {
            Optional<BinaryPart> found = binaryPart(contents, row, size.part());
            if (found.isEmpty()) {
                return Optional.of(unknownEncoding());
            }
            BinaryPart part = found.get();
            String spec = size.part().stream().map(String::valueOf).collect(Collectors.joining("."));
            items.add(new FetchItem.BinarySize(spec, TransferDecoding.identity(part.encoding()) || part.range().length() == 0
                    ? part.range().length() : part.decodedSize() != null ? part.decodedSize()
                    : decodedParts.of(row.blobKey(), part.range(), part.encoding()).size()));
            return Optional.empty();
        }
        // PREVIEW, with or without LAZY: the text stored when the message was parsed. Content stored before
        // previews were has none, and the answer is NIL, as RFC 8970 §3 allows for a preview not available.
        items.add(new FetchItem.Preview(contents.of(row.blobKey()).preview()));
        return Optional.empty();
    }

    /**
     * The stored octets of the section BINARY names, their transfer encoding, and the size they decode to when the
     * parse counted it ({@link MimePart#decodedSize}), else null.
     */
    private record BinaryPart(ByteRange range, String encoding, Long decodedSize) {
    }

    private static Answer.Completed unknownEncoding() {
        return Completions.no(ResponseCode.Simple.UNKNOWN_CTE, "The part's transfer encoding is one the server cannot decode");
    }

    /**
     * The section BINARY names (RFC 3516 §4.2, RFC 9051 §6.4.5), empty when its transfer encoding is not
     * one the gateway decodes. {@code BINARY[]} is the whole message as stored. A multipart or message
     * part, which RFC 9051 leaves to BODY[] ("leaf body parts" only), is its body as stored, decoded only
     * if it names an encoding (RFC 2045 §6.4 allows it none but the identities). A part the message does
     * not have is empty, as BODY[] of one is.
     */
    private static Optional<BinaryPart> binaryPart(Contents contents, StoredMessage row, List<Integer> path) throws IOException {
        if (path.isEmpty()) {
            return Optional.of(new BinaryPart(new ByteRange(0, row.size()), "binary", null));
        }
        Optional<MimePart> found = SectionRanges.resolvePart(parts(contents, row), path);
        if (found.isEmpty()) {
            return Optional.of(new BinaryPart(new ByteRange(0, 0), "binary", null));
        }
        MimePart part = found.get();
        return TransferDecoding.decoder(part.encoding(), InputStream.nullInputStream()).isPresent()
                ? Optional.of(new BinaryPart(part.body(), part.encoding(), part.decodedSize())) : Optional.empty();
    }

    private static void bodySection(Request request, FetchAttribute.BodySection body, StoredMessage row, Contents contents,
                                    List<FetchItem> items) throws IOException {
        FetchAttribute.Section section = body.section();
        // BODY[] is the whole message, whatever its parts: its row's size is all it needs, not its parsed content.
        SectionRanges.Target target = section.part().isEmpty() && section.text() == FetchAttribute.SectionText.WHOLE
                ? new SectionRanges.Target.Range(new ByteRange(0, row.size()))
                : SectionRanges.resolve(parts(contents, row), row.size(), section);
        String spec = spec(section);
        OptionalLong origin = origin(body.partial());
        if (target instanceof SectionRanges.Target.Range range) {
            long[] window = SectionRanges.partial(range.range().length(), body.partial());
            section(request, items, FetchItem.BodySection.body(spec, origin, window[1] - window[0]),
                    new ByteRange(range.range().start() + window[0], range.range().start() + window[1]), row);
        } else if (target instanceof SectionRanges.Target.Fields fields) {
            byte[] filtered = HeaderFields.filter(header(request, row, fields.header()), fields.names(), fields.not());
            long[] window = SectionRanges.partial(filtered.length, body.partial());
            byte[] sent = java.util.Arrays.copyOfRange(filtered, (int) window[0], (int) window[1]);
            items.add(FetchItem.BodySection.body(spec, origin, sent.length));
            request.session().bodies().add(new BodySource.Bytes(row.uid().value(), sent));
        } else {
            items.add(FetchItem.BodySection.body(spec, origin, 0));
            request.session().bodies().add(new BodySource.Bytes(row.uid().value(), new byte[0]));
        }
    }

    private static void section(Request request, List<FetchItem> items, FetchItem.BodySection item, ByteRange range,
                                StoredMessage row) {
        items.add(item);
        request.session().bodies().add(new BodySource.Blob(row.uid().value(), row.blobKey(), range.start(), range.length()));
    }

    private static byte[] header(Request request, StoredMessage row, ByteRange header) throws IOException {
        long length = Math.min(header.length(), MAX_FILTERED_HEADER);
        try (InputStream in = request.session().backends().blobs().get(new BlobKey(row.blobKey()), header.start(), length)) {
            return in.readAllBytes();
        }
    }

    private static MimePart parts(Contents contents, StoredMessage row) throws IOException {
        MessageContent content = contents.of(row.blobKey());
        return StoredStructure.parts(content.sections());
    }

    private static OptionalLong origin(Optional<FetchAttribute.Partial> partial) {
        return partial.map(each -> OptionalLong.of(each.offset())).orElse(OptionalLong.empty());
    }

    /** The section as the response echoes it: {@code 1.2.HEADER.FIELDS (FROM TO)}. */
    static String spec(FetchAttribute.Section section) {
        StringBuilder spec = new StringBuilder(section.part().stream().map(String::valueOf).collect(Collectors.joining(".")));
        String text = switch (section.text()) {
            case WHOLE -> "";
            case HEADER -> "HEADER";
            case HEADER_FIELDS -> "HEADER.FIELDS";
            case HEADER_FIELDS_NOT -> "HEADER.FIELDS.NOT";
            case TEXT -> "TEXT";
            case MIME -> "MIME";
        };
        if (!text.isEmpty()) {
            spec.append(spec.length() > 0 ? "." : "").append(text);
        }
        if (!section.fields().isEmpty()) {
            spec.append(" (").append(String.join(" ", section.fields())).append(")");
        }
        return spec.toString();
    }
}
