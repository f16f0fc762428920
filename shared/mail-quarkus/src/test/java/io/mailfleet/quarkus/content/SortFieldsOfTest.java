package io.mailfleet.quarkus.content;

import io.mailfleet.model.event.ContentFacts;
import io.mailfleet.store.mailbox.MessageContent;
import io.mailfleet.store.mailbox.SortFields;
import io.mailfleet.store.mailbox.ThreadFields;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sort keys and threading facts a message row keeps, worked out from the content the indexer parsed, as delivery
 * and APPEND do.
 */
class SortFieldsOfTest {

    private static final Instant ARRIVAL = Instant.parse("2026-03-01T12:00:00Z");

    private final ContentIndexer indexer = new ContentIndexer();

    @Test
    void everyKeyComesFromTheFirstAddressAndTheBaseSubject() {
        SortFields keys = keysOf("""
                Date: Mon, 01 Jan 2024 10:00:00 +0200
                From: "Amy Pond" <Amy@Example.org>, rory@example.org
                To: Bob@Example.org
                Cc: Carl <carl@example.net>
                Subject: Re: [list] =?UTF-8?Q?Caf=C3=A9?= plans (fwd)
                """);

        assertThat(keys).isEqualTo(new SortFields(Instant.parse("2024-01-01T08:00:00Z"), "café plans", "amy", "bob", "carl",
                "amy pond", "bob@example.org", new ThreadFields("", List.of(), true)));
    }

    /** What an event carries of the content gives the keys the content gives, as delivery works them out from it. */
    @Test
    void theContentFactsAnEventCarriesGiveTheKeysOfTheContent() {
        MessageContent content = indexer.index("blob", """
                From: "Amy Pond" <Amy@Example.org>
                To: Bob@Example.org
                Subject: Re: plans
                Message-ID: <m2@example.org>
                In-Reply-To: <m1@example.org>
                Received: from mx.example.org

                See you there.
                """.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));

        ContentFacts facts = SortFieldsOf.factsOf(content).orElseThrow();

        assertThat(facts.sortHeaders()).doesNotContainKey("received");
        assertThat(SortFieldsOf.of(facts, ARRIVAL)).isEqualTo(SortFieldsOf.of(content, ARRIVAL))
                .extracting(SortFields::sentDate).isEqualTo(ARRIVAL);
        assertThat(SortFieldsOf.of(facts, ARRIVAL).thread()).isEqualTo(new ThreadFields("m2@example.org", List.of("m1@example.org"), true));
    }

    @Test
    void aMissingDateFieldIsTheInternalDate() {
        assertThat(keysOf("Subject: no date\n").sentDate()).isEqualTo(ARRIVAL);
    }

    @Test
    void anUnreadableDateFieldIsTheInternalDate() {
        assertThat(keysOf("Date: the day after tomorrow\n").sentDate()).isEqualTo(ARRIVAL);
    }

    @Test
    void missingFieldsSortAsEmpty() {
        SortFields keys = keysOf("X-Note: nothing else\n");

        assertThat(keys).isEqualTo(new SortFields(ARRIVAL, "", "", "", "", "", "", new ThreadFields("", List.of(), false)));
    }

    @Test
    void theThreadingFactsAreTheMessageIdAndTheReferencesNormalized() {
        SortFields keys = keysOf("""
                Message-ID: <"own.id"@example.org> (the message)
                In-Reply-To: <parent@example.org>
                References: <root@example.org> (the first)
                 <"par\\ent"@example.org>
                Subject: Lunch
                """);

        assertThat(keys.thread()).isEqualTo(new ThreadFields("own.id@example.org",
                List.of("root@example.org", "parent@example.org"), false));
    }

    @Test
    void withoutValidReferencesTheFirstValidInReplyToIdIsTheOnlyParent() {
        SortFields keys = keysOf("""
                Message-ID: <no-at-sign>
                In-Reply-To: "your message of" <not-an-id> <first@example.org> <second@example.org>
                References: <broken
                Subject: Fwd: [list] lunch
                """);

        assertThat(keys.thread()).isEqualTo(new ThreadFields("", List.of("first@example.org"), true));
    }

    @Test
    void aMessageWithoutReplyFieldsHasNoParents() {
        assertThat(keysOf("Message-ID: <a@b>\n").thread()).isEqualTo(new ThreadFields("a@b", List.of(), false));
    }

    private SortFields keysOf(String header) {
        String message = (header + "\nbody\n").replace("\n", "\r\n");
        return SortFieldsOf.of(indexer.index("sha256/test", message.getBytes(StandardCharsets.UTF_8)), ARRIVAL);
    }
}
