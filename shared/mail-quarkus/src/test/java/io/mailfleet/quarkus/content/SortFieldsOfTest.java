package io.mailfleet.quarkus.content;

import io.mailfleet.store.mailbox.SortFields;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The sort keys a message row keeps, worked out from the content the indexer parsed, as delivery and APPEND do. */
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
                "amy pond", "bob@example.org"));
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

        assertThat(keys).isEqualTo(new SortFields(ARRIVAL, "", "", "", "", "", ""));
    }

    private SortFields keysOf(String header) {
        String message = (header + "\nbody\n").replace("\n", "\r\n");
        return SortFieldsOf.of(indexer.index("sha256/test", message.getBytes(StandardCharsets.UTF_8)), ARRIVAL);
    }
}
