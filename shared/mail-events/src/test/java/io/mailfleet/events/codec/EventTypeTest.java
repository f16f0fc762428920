package io.mailfleet.events.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.model.event.MailAccepted;
import io.mailfleet.model.event.MessageAdded;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventTypeTest {

    @Test
    void wireNamesAndClassesAreUnique() {
        assertThat(EventType.ALL).extracting(EventType::name).doesNotHaveDuplicates();
        assertThat(EventType.ALL).extracting(EventType::javaClass).doesNotHaveDuplicates();
    }

    @Test
    void noEventHasAComponentThatWouldCollideWithTheTypeField() {
        assertThat(EventType.ALL).allSatisfy(type -> {
            assertThat(type.javaClass().isRecord()).isTrue();
            assertThat(Arrays.stream(type.javaClass().getRecordComponents()).map(RecordComponent::getName))
                    .doesNotContain(EventCodec.TYPE_FIELD)
                    .contains(EventCodec.VERSION_FIELD);
        });
    }

    @Test
    void looksUpByNameAndByClass() {
        assertThat(EventType.named("MessageAdded")).contains(EventType.MESSAGE_ADDED);
        assertThat(EventType.of(MailAccepted.class)).contains(EventType.MAIL_ACCEPTED);
        assertThat(EventType.of(MessageAdded.class).map(EventType::currentVersion)).contains(MessageAdded.CURRENT_VERSION);
        assertThat(EventType.named("messageadded")).isEqualTo(Optional.empty());
        assertThat(EventType.of(String.class)).isEmpty();
    }
}
