package io.mailfleet.model.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventJsonTest {

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new Jdk8Module());

    static Stream<Record> events() {
        return Stream.of(Events.mailAccepted(), Events.bounce(), Events.messageAdded(),
                Events.messageExpunged(), Events.flagsChanged());
    }

    @ParameterizedTest
    @MethodSource("events")
    void roundTrips(Record event) throws Exception {
        String json = mapper.writeValueAsString(event);

        assertThat(mapper.readValue(json, event.getClass())).isEqualTo(event);
    }

    @ParameterizedTest
    @MethodSource("events")
    void writesExactlyTheRecordComponents(Record event) {
        JsonNode tree = mapper.valueToTree(event);

        List<String> fields = new ArrayList<>();
        tree.fieldNames().forEachRemaining(fields::add);
        String[] components = Arrays.stream(event.getClass().getRecordComponents())
                .map(component -> component.getName())
                .toArray(String[]::new);
        assertThat(fields).containsExactlyInAnyOrder(components);
        assertThat(tree.get("version").asInt()).isEqualTo(1);
    }

    @Test
    void mailAcceptedJsonIsReadable() {
        JsonNode tree = mapper.valueToTree(Events.mailAccepted());

        assertThat(tree.get("messageId").asText()).isEqualTo(Events.MESSAGE_ID);
        assertThat(tree.get("sender").asText()).isEqualTo("sender@example.org");
        assertThat(tree.get("bodyType").asText()).isEqualTo("EIGHT_BIT_MIME");
        assertThat(tree.get("dsnReturn").asText()).isEqualTo("HDRS");
        JsonNode alice = tree.get("recipients").get(0);
        assertThat(alice.get("address").asText()).isEqualTo("alice@example.com");
        assertThat(alice.get("dsnNotify").toString()).isEqualTo("[\"SUCCESS\",\"FAILURE\"]");
        assertThat(alice.get("originalRecipient").get("addressType").asText()).isEqualTo("rfc822");
        assertThat(tree.get("recipients").get(1).get("address").asText()).isEqualTo("\"bob smith\"@example.com");
        assertThat(tree.get("client").get("tls").get("protocol").asText()).isEqualTo("TLSv1.3");
        assertThat(tree.get("client").get("listener").asText()).isEqualTo("SUBMISSION");
        assertThat(tree.get("clientDigest").asText()).hasSize(64);
    }

    @Test
    void absentOptionalsAreNull() {
        JsonNode tree = mapper.valueToTree(Events.bounce());

        assertThat(tree.get("sender").isNull()).isTrue();
        assertThat(tree.get("dsnReturn").isNull()).isTrue();
        assertThat(tree.get("envelopeId").isNull()).isTrue();
        assertThat(tree.get("client").get("tls").isNull()).isTrue();
        assertThat(tree.get("recipients").get(0).get("address").asText()).isEqualTo("用户@xn--fsqu00a.xn--4rr70v");
    }

    @Test
    void missingOptionalsReadAsEmpty() throws Exception {
        ObjectNode tree = mapper.valueToTree(Events.bounce());
        tree.remove(List.of("sender", "dsnReturn", "envelopeId", "clientDigest"));
        ((ObjectNode) tree.get("client")).remove(List.of("tls", "authenticatedUser"));

        MailAccepted read = mapper.treeToValue(tree, MailAccepted.class);

        assertThat(read).isEqualTo(Events.bounce());
    }

    @Test
    void invalidJsonIsRejectedByTheRecord() {
        ObjectNode tree = mapper.valueToTree(Events.messageAdded());
        tree.put("uid", 0);

        assertThatThrownBy(() -> mapper.treeToValue(tree, MessageAdded.class))
                .isInstanceOf(ValueInstantiationException.class)
                .hasMessageContaining("UID 0 is outside");
    }

    @Test
    void missingVersionIsRejected() {
        ObjectNode tree = mapper.valueToTree(Events.flagsChanged());
        tree.remove("version");

        assertThatThrownBy(() -> mapper.treeToValue(tree, FlagsChanged.class))
                .isInstanceOf(ValueInstantiationException.class)
                .hasMessageContaining("event version must be at least 1");
    }
}
