package io.mailfleet.events.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailfleet.events.SampleEvents;
import io.mailfleet.model.event.FlagsChanged;
import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.model.event.MailboxEvent;
import io.mailfleet.model.event.MessageAdded;
import io.mailfleet.model.event.MessageExpunged;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventCodecTest {

    private final EventCodec codec = new EventCodec();
    private final ObjectMapper json = new ObjectMapper();

    static Stream<Record> events() {
        return SampleEvents.all().stream();
    }

    @ParameterizedTest
    @MethodSource("events")
    void roundTripsEveryEventType(Record event) {
        byte[] bytes = codec.encode(event);

        assertThat(codec.decode(bytes, event.getClass())).isEqualTo(event);
        assertThat(codec.decode(bytes, Object.class)).isEqualTo(event);
    }

    @ParameterizedTest
    @MethodSource("events")
    void namesTheTypeAndVersionInTheJson(Record event) throws Exception {
        JsonNode tree = json.readTree(codec.encode(event));

        assertThat(tree.get("type").asText()).isEqualTo(EventType.of(event.getClass()).orElseThrow().name());
        assertThat(tree.get("version").asInt()).isEqualTo(1);
    }

    @Test
    void writesUtf8AndIsoInstants() {
        String text = new String(codec.encode(SampleEvents.bounce()), StandardCharsets.UTF_8);

        assertThat(text).contains("\"receivedAt\":\"2024-06-01T12:35:00Z\"");
        assertThat(text).contains("用户@");
        assertThat(new String(codec.encode(SampleEvents.mailAccepted()), StandardCharsets.UTF_8))
                .contains("\"receivedAt\":\"2024-06-01T12:34:56.789123Z\"");
    }

    @Test
    void readsMailboxEventsThroughTheirInterface() {
        assertThat(codec.decode(codec.encode(SampleEvents.messageAdded()), MailboxEvent.class))
                .isInstanceOf(MessageAdded.class);
        assertThat(codec.decode(codec.encode(SampleEvents.messageExpunged()), MailboxEvent.class))
                .isInstanceOf(MessageExpunged.class);
        assertThat(codec.decode(codec.encode(SampleEvents.flagsChanged()), MailboxEvent.class))
                .isInstanceOf(FlagsChanged.class);
    }

    @Test
    void rejectsAnEventOfAnotherTypeThanExpected() {
        byte[] bytes = codec.encode(SampleEvents.mailAccepted());

        assertThatThrownBy(() -> codec.decode(bytes, MailboxEvent.class))
                .isInstanceOf(EventDecodingException.class)
                .hasMessage("expected MailboxEvent, got MailAccepted");
    }

    @Test
    void toleratesUnknownFieldsAtEveryLevel() throws Exception {
        ObjectNode tree = (ObjectNode) json.readTree(codec.encode(SampleEvents.mailAccepted()));
        tree.put("priority", "high");
        tree.putObject("tracing").put("span", "abc");
        ((ObjectNode) tree.get("client")).put("asn", 64496);
        ((ObjectNode) tree.get("recipients").get(0)).putArray("aliases").add("a@example.com");

        assertThat(codec.decode(json.writeValueAsBytes(tree), MailAccepted.class))
                .isEqualTo(SampleEvents.mailAccepted());
    }

    @Test
    void readsAbsentOptionalFieldsAsEmpty() throws Exception {
        ObjectNode tree = (ObjectNode) json.readTree(codec.encode(SampleEvents.bounce()));
        tree.remove("sender");
        tree.remove("dsnReturn");
        tree.remove("envelopeId");

        assertThat(codec.decode(json.writeValueAsBytes(tree), MailAccepted.class)).isEqualTo(SampleEvents.bounce());
    }

    @Test
    void rejectsAFutureMajorVersion() throws Exception {
        ObjectNode tree = (ObjectNode) json.readTree(codec.encode(SampleEvents.messageAdded()));
        tree.put("version", MessageAdded.CURRENT_VERSION + 1);

        assertThatThrownBy(() -> codec.decode(json.writeValueAsBytes(tree), MailboxEvent.class))
                .isInstanceOfSatisfying(UnsupportedEventVersionException.class, e -> {
                    assertThat(e.typeName()).isEqualTo("MessageAdded");
                    assertThat(e.version()).isEqualTo(2);
                    assertThat(e.supportedVersion()).isEqualTo(1);
                })
                .hasMessage("MessageAdded version 2 is not supported; this reader knows versions up to 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "not json",
        "{\"type\":\"MailAccepted\",",
        "[1,2,3]",
        "\"MailAccepted\"",
        "null",
        "{}",
        "{\"version\":1}",
        "{\"type\":42,\"version\":1}",
        "{\"type\":\"MailboxRenamed\",\"version\":1}",
        "{\"type\":\"FlagsChanged\"}",
        "{\"type\":\"FlagsChanged\",\"version\":\"1\"}",
        "{\"type\":\"FlagsChanged\",\"version\":1.5}",
        "{\"type\":\"FlagsChanged\",\"version\":1}",
        "{\"type\":\"FlagsChanged\",\"version\":0,\"account\":\"alice@example.com\"}",
    })
    void rejectsMalformedInput(String text) {
        assertThatThrownBy(() -> codec.decode(text.getBytes(StandardCharsets.UTF_8), Object.class))
                .isExactlyInstanceOf(EventDecodingException.class);
    }

    @Test
    void rejectsNullBytes() {
        assertThatThrownBy(() -> codec.decode(null, Object.class)).isInstanceOf(EventDecodingException.class)
                .hasMessage("empty payload");
    }

    @Test
    void rejectsTrailingGarbage() {
        byte[] valid = codec.encode(SampleEvents.flagsChanged());
        byte[] withGarbage = (new String(valid, StandardCharsets.UTF_8) + " {}").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> codec.decode(withGarbage, FlagsChanged.class))
                .isInstanceOf(EventDecodingException.class);
    }

    @Test
    void rejectsDuplicateFields() {
        String text = new String(codec.encode(SampleEvents.flagsChanged()), StandardCharsets.UTF_8)
                .replaceFirst("\\{", "{\"version\":2,");

        assertThatThrownBy(() -> codec.decode(text.getBytes(StandardCharsets.UTF_8), FlagsChanged.class))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("version");
    }

    @Test
    void rejectsValuesTheRecordRefusesWithItsMessage() throws Exception {
        ObjectNode tree = (ObjectNode) json.readTree(codec.encode(SampleEvents.messageAdded()));
        tree.put("uid", 0);

        assertThatThrownBy(() -> codec.decode(json.writeValueAsBytes(tree), MessageAdded.class))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageStartingWith("invalid MessageAdded: ")
                .hasMessageContaining("UID 0");
    }

    @Test
    void rejectsAMissingPrimitiveInsteadOfDefaultingIt() throws Exception {
        ObjectNode tree = (ObjectNode) json.readTree(codec.encode(SampleEvents.bounce()));
        tree.remove("smtpUtf8");

        assertThatThrownBy(() -> codec.decode(json.writeValueAsBytes(tree), MailAccepted.class))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageStartingWith("invalid MailAccepted");
    }

    @Test
    void rejectsAnUnparseableInstant() throws Exception {
        ObjectNode tree = (ObjectNode) json.readTree(codec.encode(SampleEvents.mailAccepted()));
        tree.put("receivedAt", "yesterday");

        assertThatThrownBy(() -> codec.decode(json.writeValueAsBytes(tree), MailAccepted.class))
                .isInstanceOf(EventDecodingException.class);
    }

    @Test
    void refusesToEncodeWhatIsNotAnEvent() {
        assertThatThrownBy(() -> codec.encode("hello"))
                .isInstanceOf(EventEncodingException.class)
                .hasMessage("java.lang.String is not an event type");
    }

    @Test
    void refusesToEncodeAVersionNewerThanItKnows() {
        FlagsChanged future = new FlagsChanged(FlagsChanged.CURRENT_VERSION + 1, "alice@example.com",
                SampleEvents.MAILBOX_ID, 9, 79, List.of());

        assertThatThrownBy(() -> codec.encode(future))
                .isInstanceOf(EventEncodingException.class)
                .hasMessageContaining("version 2");
    }
}
