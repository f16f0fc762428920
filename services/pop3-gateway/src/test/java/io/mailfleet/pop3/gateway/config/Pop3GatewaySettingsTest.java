package io.mailfleet.pop3.gateway.config;

import io.mailfleet.pop3.Pop3Settings;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a gateway runs with when nothing is configured. The tests of the running service set a short
 * failed-login delay; Pop3OperationsIT proves the setting is what the sessions wait, this test that
 * its default is the protocol's 2 s.
 */
class Pop3GatewaySettingsTest {

    @Test
    void theFailedLoginDelayIsTwoSecondsUnlessConfigured() {
        // Quarkus's converters, which read durations such as 2s and sizes such as 16M as the running service does.
        SmallRyeConfig empty = new SmallRyeConfigBuilder().withConverter(Duration.class, 100, new DurationConverter())
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withMapping(Pop3GatewaySettings.class).build();
        Pop3GatewaySettings settings = empty.getConfigMapping(Pop3GatewaySettings.class);

        assertThat(settings.failedLoginDelay()).isEqualTo(Duration.ofSeconds(2))
                .isEqualTo(Pop3Settings.defaults(settings.hostName()).failedLoginDelay());
    }
}
