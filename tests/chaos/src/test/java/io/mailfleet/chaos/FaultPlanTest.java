package io.mailfleet.chaos;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FaultPlanTest {

    @Test
    void theSameSeedGivesTheSameFaults() {
        assertThat(FaultPlan.draw(42, FaultPlan.Shape.FULL, 8)).isEqualTo(FaultPlan.draw(42, FaultPlan.Shape.FULL, 8));
        assertThat(FaultPlan.draw(42, FaultPlan.Shape.FULL, 8)).isNotEqualTo(FaultPlan.draw(43, FaultPlan.Shape.FULL, 8));
    }

    @Test
    void theFullPlanRestartsAndFreezesEachServerOnceAndKillsOneOfThem() {
        for (long seed = 0; seed < 50; seed++) {
            List<FaultPlan.Fault> faults = FaultPlan.draw(seed, FaultPlan.Shape.FULL, 8).faults();
            for (ChaosServers.Server server : ChaosServers.Server.values()) {
                assertThat(faults).filteredOn(fault -> fault.kind() == FaultPlan.Kind.RESTART_SERVER && fault.server() == server)
                        .hasSize(1);
                assertThat(faults).filteredOn(fault -> fault.kind() == FaultPlan.Kind.FREEZE_SERVER && fault.server() == server)
                        .singleElement().extracting(FaultPlan.Fault::length).isEqualTo(Duration.ofSeconds(10));
            }
            assertThat(faults).filteredOn(fault -> fault.kind() == FaultPlan.Kind.RESTART_SERVER && fault.signal() == Signal.KILL)
                    .hasSize(1);
            assertThat(faults).filteredOn(fault -> fault.kind() == FaultPlan.Kind.KILL_INSTANCE).hasSize(8)
                    .allMatch(fault -> fault.instance() >= 0 && fault.instance() < 8);
        }
    }

    @Test
    void eachPlanSaysWhichOneServerItKills() {
        for (long seed = 0; seed < 50; seed++) {
            FaultPlan plan = FaultPlan.draw(seed, FaultPlan.Shape.SHORT, 8);
            assertThat(ChaosServers.Server.values()).filteredOn(plan::kills).singleElement()
                    .isEqualTo(plan.faults().stream().filter(fault -> fault.signal() == Signal.KILL
                            && fault.kind() == FaultPlan.Kind.RESTART_SERVER).findFirst().orElseThrow().server());
        }
    }

    @Test
    void faultsFireInOrderWithinTheLoad() {
        List<FaultPlan.Fault> faults = FaultPlan.draw(7, FaultPlan.Shape.SHORT, 8).faults();
        assertThat(faults).extracting(FaultPlan.Fault::at).isSorted().allMatch(at -> at >= 0.05 && at < 0.85);
    }
}
