package io.mailfleet.store.mailbox;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link MessageContentRepository} must do; each adapter's test implements this. */
public interface MessageContentRepositoryContract {

    MessageContentRepository contents();

    @Test
    default void contentIsStoredOncePerBlobAndReadBack() {
        String key = "sha256/" + UUID.randomUUID();
        MessageContent content = new MessageContent(key, 1234,
                "(\"Mon, 7 Feb 1994 21:52:25 -0800\" \"afternoon meeting\" NIL NIL NIL NIL NIL NIL NIL \"<B27397-0100000@cac.washington.edu>\")",
                "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92)",
                "{\"subject\":[\"afternoon meeting\"]}", "[{\"part\":\"1\",\"headerStart\":0,\"bodyStart\":120,\"bodyEnd\":1234}]");

        contents().put(content);
        contents().put(content);

        assertThat(contents().find(key)).contains(content);
        assertThat(contents().find("sha256/absent")).isEmpty();
    }
}
