package io.mailfleet.local;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalServiceTest {

    private static final LocalStackSettings DEFAULTS = LocalStackSettings.fromEnvironment(Path.of("/nonexistent"), Map.of());

    @Test
    void everyInstanceOfEveryServiceAtFullScaleHasPortsOfItsOwn() {
        List<Integer> all = new ArrayList<>();
        for (LocalService service : LocalService.ALL) {
            for (int instance = 0; instance < LocalService.MAX_INSTANCES; instance++) {
                all.addAll(DEFAULTS.ports(service, instance));
            }
        }
        Set<Integer> infrastructure = Set.of(9092, 9093, 9042, 7000, 9000, 9090);
        assertThat(new HashSet<>(all)).hasSameSizeAs(all).doesNotContainAnyElementsOf(infrastructure);
    }

    @Test
    void furtherInstancesListenOnTheFirstOnesPortsPlusTheStep() {
        LocalService smtp = LocalService.named("smtp-ingress");
        assertThat(DEFAULTS.ports(smtp, 0)).containsExactly(8081, 2525, 2587, 2465);
        assertThat(DEFAULTS.ports(smtp, 2)).containsExactly(8281, 2725, 2787, 2665);
        assertThat(LocalServices.instanceName(smtp, 0)).isEqualTo("smtp-ingress");
        assertThat(LocalServices.instanceName(smtp, 2)).isEqualTo("smtp-ingress-3");
    }

    @Test
    void environmentVariablesMoveTheFirstInstancesPorts() {
        LocalStackSettings moved = LocalStackSettings.fromEnvironment(Path.of("/nonexistent"),
                Map.of("MAILFLEET_POP3_PORT", "21110", "MAILFLEET_ADMIN_PORT", "18080"));
        assertThat(moved.ports(LocalService.named("pop3-gateway"), 1)).containsExactly(8183, 21210, 2095);
        assertThat(moved.adminPort()).isEqualTo(18080);
    }

    @Test
    void scaleNamesServicesAndCounts() {
        assertThat(LocalServices.scale(List.of("--with-prometheus", "--scale", "smtp-ingress=3,pop3-gateway=2", "--scale", "delivery-worker=1")))
                .containsExactly(Map.entry("smtp-ingress", 3), Map.entry("pop3-gateway", 2), Map.entry("delivery-worker", 1));
        assertThat(LocalServices.scale(List.of("--with-prometheus"))).isEmpty();
    }

    @Test
    void scaleRefusesUnknownServicesAndCountsOutOfRange() {
        assertThatThrownBy(() -> LocalServices.scale(List.of("--scale", "imap=2"))).hasMessageContaining("no service imap");
        assertThatThrownBy(() -> LocalServices.scale(List.of("--scale", "smtp-ingress=0"))).hasMessageContaining("from 1 to 9");
        assertThatThrownBy(() -> LocalServices.scale(List.of("--scale", "smtp-ingress=10"))).hasMessageContaining("from 1 to 9");
        assertThatThrownBy(() -> LocalServices.scale(List.of("--scale", "smtp-ingress"))).hasMessageContaining("from 1 to 9");
        assertThatThrownBy(() -> LocalServices.scale(List.of("--scale"))).hasMessageContaining("needs SERVICE=N");
    }
}
