package io.mailfleet.store.mailbox;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
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

    @Test
    default void manyContentsAreReadAtOnceAndTheAbsentLeftOut() {
        String first = "sha256/" + UUID.randomUUID();
        String second = "sha256/" + UUID.randomUUID();
        MessageContent one = new MessageContent(first, 10, "NIL", "NIL", "{}", "[]");
        MessageContent two = new MessageContent(second, 20, "NIL", "NIL", "{}", "[]");
        contents().put(one);
        contents().put(two);

        assertThat(contents().findAll(List.of(first, "sha256/absent", second, first)))
                .isEqualTo(Map.of(first, one, second, two));
        assertThat(contents().findAll(List.of())).isEmpty();
    }

    @Test
    default void searchTextsAreStoredApartAndReadManyAtOnce() {
        String withText = "sha256/" + UUID.randomUUID();
        String withoutText = "sha256/" + UUID.randomUUID();
        String text = "grüße aus köln\nрезюме.pdf\n" + "lorem ipsum ".repeat(2000);
        contents().put(new MessageContent(withText, 10, "NIL", "NIL", "{}", "[]", "", text));
        contents().put(new MessageContent(withoutText, 20, "NIL", "NIL", "{}", "[]", "", null));

        assertThat(contents().find(withText)).get().extracting(MessageContent::searchText).isNull();
        assertThat(contents().searchTexts(List.of(withText, withoutText, "sha256/absent", withText)))
                .isEqualTo(Map.of(withText, text));
        assertThat(contents().searchTexts(List.of())).isEmpty();

        contents().remove(withText);
        assertThat(contents().searchTexts(List.of(withText))).isEmpty();
        assertThat(contents().find(withText)).isEmpty();
    }

    /** Read without waiting, more texts than are read at once: each of them, the absent left out, a repeated key once. */
    @Test
    default void searchTextsAreReadWithoutWaitingBeyondOneWindowOfReads() {
        Map<String, String> stored = new java.util.HashMap<>();
        List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 150; i++) {
            String key = "sha256/" + UUID.randomUUID();
            String text = i % 3 == 0 ? null : "text number " + i;
            contents().put(new MessageContent(key, 10, "NIL", "NIL", "{}", "[]", "", text));
            keys.add(key);
            if (text != null) {
                stored.put(key, text);
            }
        }
        keys.add("sha256/absent");
        keys.add(keys.get(1));

        assertThat(contents().searchTextsAsync(keys).join()).isEqualTo(stored);
        assertThat(contents().searchTextsAsync(List.of()).join()).isEmpty();
    }

    /**
     * The signature of the search text is kept with the content and read only by {@code findSigned}: as stored,
     * empty for content without a search text, and absent (unknown) for content stored with its text but unsigned,
     * as before contents kept signatures.
     */
    @Test
    default void theTextSignatureIsKeptWithTheContentAndReadWithItOnDemand() {
        String signed = "sha256/" + UUID.randomUUID();
        String withoutText = "sha256/" + UUID.randomUUID();
        String unsigned = "sha256/" + UUID.randomUUID();
        byte[] signature = {1, 0, 4, 0, 0, 0, 0, 0, 9};
        contents().put(new MessageContent(signed, 10, "NIL", "NIL", "{}", "[]", "", "the text", signature));
        contents().put(new MessageContent(withoutText, 20, "NIL", "NIL", "{}", "[]", "", null, null));
        contents().put(new MessageContent(unsigned, 30, "NIL", "NIL", "{}", "[]", "", "older text"));

        Map<String, MessageContent> found = contents().findSigned(List.of(signed, withoutText, unsigned, "sha256/absent", signed));
        assertThat(found).as("one entry for each key that has content, a repeated key once")
                .containsOnlyKeys(signed, withoutText, unsigned);
        assertThat(found.get(signed)).satisfies(content -> {
            assertThat(content.blobKey()).isEqualTo(signed);
            assertThat(content.size()).isEqualTo(10);
            assertThat(content.textSignature()).isEqualTo(signature);
            assertThat(content.rowSignature()).isEqualTo(signature);
            assertThat(content.signatureKnown()).isTrue();
            assertThat(content.searchText()).isNull();
        });
        assertThat(found.get(withoutText)).satisfies(content -> {
            assertThat(content.size()).isEqualTo(20);
            assertThat(content.textSignature()).isEmpty();
            assertThat(content.rowSignature()).isNull();
            assertThat(content.signatureKnown()).isTrue();
        });
        assertThat(found.get(unsigned)).satisfies(content -> {
            assertThat(content.size()).isEqualTo(30);
            assertThat(content.signatureKnown()).isFalse();
            assertThat(content.rowSignature()).isNull();
        });
        assertThat(contents().findSigned(List.of("sha256/absent"))).isEmpty();
        assertThat(contents().findSigned(List.of())).isEmpty();
        assertThat(contents().find(signed)).get().extracting(MessageContent::textSignature).as("FETCH's reads leave it out").isNull();
        assertThat(contents().findAll(List.of(signed)).get(signed).textSignature()).isNull();
    }
}
