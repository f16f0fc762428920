package io.mailfleet.dsn;

import static io.mailfleet.dsn.Fixtures.ARRIVAL;
import static io.mailfleet.dsn.Fixtures.DATE;
import static io.mailfleet.dsn.Fixtures.LAST_ATTEMPT;
import static io.mailfleet.dsn.Fixtures.MESSAGE_ID;
import static io.mailfleet.dsn.Fixtures.QUEUE_ID;
import static io.mailfleet.dsn.Fixtures.REPORTING_MTA;
import static io.mailfleet.dsn.Fixtures.SENDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class InputValidationTest {

    @ParameterizedTest
    @CsvSource({"5.1.1, 5.1.1", "4.4.7, 4.4.7", "2.0.0, 2.0.0", "5.999.999, 5.999.999", "5.01.001, 5.1.1"})
    void statusCodesAreParsed(String text, String canonical) {
        assertThat(StatusCode.parse(text)).hasToString(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "5.1", "5.1.1.1", "3.1.1", "6.0.0", "5.1000.1", "5.1.a", " 5.1.1", "5..1", "５.1.1"})
    void malformedStatusCodesAreRejected(String text) {
        assertThatThrownBy(() -> StatusCode.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    private static RecipientReport recipient(DsnAction action, String status, Optional<Instant> willRetryUntil) {
        return new RecipientReport(SENDER, Optional.empty(), action, StatusCode.parse(status), Optional.empty(),
                Optional.empty(), LAST_ATTEMPT, willRetryUntil);
    }

    private static DeliveryReport report(String queueId, Optional<String> envelopeId, List<RecipientReport> recipients,
            String messageId) {
        return new DeliveryReport(REPORTING_MTA, queueId, envelopeId, ARRIVAL, SENDER, Optional.empty(), recipients,
                DATE, messageId);
    }

    static Stream<Arguments> invalidInputs() {
        List<RecipientReport> one = List.of(Fixtures.failed());
        Optional<Instant> until = Optional.of(DATE);
        return Stream.of(
                arguments("failure with success status", (ThrowingCallable) () ->
                        recipient(DsnAction.FAILED, "2.0.0", Optional.empty()), "status 2.0.0 does not fit action failed"),
                arguments("delay with permanent status", (ThrowingCallable) () ->
                        recipient(DsnAction.DELAYED, "5.1.1", until), "status 5.1.1 does not fit action delayed"),
                arguments("delivery with failure status", (ThrowingCallable) () ->
                        recipient(DsnAction.DELIVERED, "4.0.0", Optional.empty()), "does not fit action delivered"),
                arguments("retry date on a failure", (ThrowingCallable) () ->
                        recipient(DsnAction.FAILED, "5.1.1", until), "Will-Retry-Until is for delayed recipients only"),
                arguments("no recipients", (ThrowingCallable) () ->
                        report(QUEUE_ID, Optional.empty(), List.of(), MESSAGE_ID), "recipients is empty"),
                arguments("blank ENVID", (ThrowingCallable) () ->
                        report(QUEUE_ID, Optional.of(" "), one, MESSAGE_ID), "envelopeId is blank"),
                arguments("queue id with a space", (ThrowingCallable) () ->
                        report("01H X", Optional.empty(), one, MESSAGE_ID), "queueId must be"),
                arguments("empty queue id", (ThrowingCallable) () ->
                        report("", Optional.empty(), one, MESSAGE_ID), "queueId must be"),
                arguments("Message-ID without brackets", (ThrowingCallable) () ->
                        report(QUEUE_ID, Optional.empty(), one, "dsn@mx.example.test"), "messageId must be"),
                arguments("Message-ID with a space", (ThrowingCallable) () ->
                        report(QUEUE_ID, Optional.empty(), one, "<dsn 1@mx.example.test>"), "messageId must be"),
                arguments("Message-ID with a line break", (ThrowingCallable) () ->
                        report(QUEUE_ID, Optional.empty(), one, "<dsn@mx.example.test>\r\nBcc: x@example.com"),
                        "messageId must be"),
                arguments("diagnostic type with a separator", (ThrowingCallable) () ->
                        new DiagnosticCode("smtp;", "550"), "diagnostic type must be an atom"),
                arguments("blank diagnostic", (ThrowingCallable) () ->
                        DiagnosticCode.smtp(" \r\n\t"), "diagnostic text is blank"),
                arguments("header limit not below message limit", (ThrowingCallable) () ->
                        new DsnLimits(1024, 1024), "must exceed maxReturnedHeaderBytes"),
                arguments("no header limit", (ThrowingCallable) () ->
                        new DsnLimits(1024, 0), "maxReturnedHeaderBytes must be positive"),
                arguments("message limit past the ceiling", (ThrowingCallable) () ->
                        new DsnLimits(Integer.MAX_VALUE, 1024), "be at most"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidInputs")
    void invalidInputIsRejected(String name, ThrowingCallable construction, String message) {
        assertThatThrownBy(construction).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
