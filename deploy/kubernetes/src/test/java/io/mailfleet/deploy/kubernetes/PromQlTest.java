package io.mailfleet.deploy.kubernetes;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PromQlTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "up{system=\"mailfleet\"} == 0 | up",
            "sum by (listener) (rate(a_total{code=~\"4..\"}[5m])) / sum by (listener) (rate(b_total[5m])) > 0.05 | a_total b_total",
            "histogram_quantile(0.99, sum by (le, route) (rate(x_seconds_bucket{route=\"local\"}[10m]))) > 60 | x_seconds_bucket",
            "sum(rate(a_total{outcome=\"unavailable\"}[5m])) + sum(rate(b_total[5m])) > 0 | a_total b_total",
            "sum by (service) (increase(dead_total[15m])) > 0 | dead_total",
            "process_cpu_usage{system=\"mailfleet\"} | process_cpu_usage",
            "a_total and on (instance) b_total offset 5m | a_total b_total",
            "sum without (pod) (c{label=\"by (x)\"}) | c",
    })
    void findsTheMetricNamesOfAnExpression(String expression, String names) {
        assertThat(PromQl.metricNames(expression)).isEqualTo(Set.of(names.split(" ")));
    }
}
