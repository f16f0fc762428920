package io.mailfleet.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The PromQL expressions operators see, and the metric names each refers to. */
final class PromQl {

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "and", "or", "unless", "offset", "bool", "inf", "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private PromQl() {
    }

    /** Every alert rule's expression in deploy/prometheus/alerts.yml, by alert name. */
    static Map<String, String> alertExpressions() throws IOException {
        Map<String, String> expressions = new LinkedHashMap<>();
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(Project.home().resolve("deploy/prometheus/alerts.yml").toFile());
        rules.path("groups").forEach(group -> group.path("rules").forEach(rule ->
                expressions.put("alert " + rule.path("alert").asText(), rule.path("expr").asText())));
        return expressions;
    }

    /**
     * Every panel query of every dashboard in deploy/grafana, by dashboard and panel title, with
     * Grafana's $__rate_interval made a fixed window as Grafana would.
     */
    static Map<String, String> dashboardExpressions() throws IOException {
        Map<String, String> expressions = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(Project.home().resolve("deploy/grafana"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".json")).sorted().toList()) {
                JsonNode dashboard = json.readTree(file.toFile());
                for (JsonNode panel : dashboard.path("panels")) {
                    int index = 0;
                    for (JsonNode target : panel.path("targets")) {
                        expressions.put(file.getFileName() + " / " + panel.path("title").asText() + " #" + index++,
                                target.path("expr").asText().replace("$__rate_interval", "1m"));
                    }
                }
            }
        }
        return expressions;
    }

    /** The metric names an expression selects: identifiers that are not functions, keywords or labels. */
    static Set<String> metricNames(String expression) {
        String stripped = expression
                .replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(stripped);
        while (identifier.find()) {
            String name = identifier.group();
            boolean function = stripped.substring(identifier.end()).stripLeading().startsWith("(");
            boolean number = identifier.start() > 0 && Character.isDigit(stripped.charAt(identifier.start() - 1));
            if (!function && !number && !KEYWORDS.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    static List<String> all(Map<String, String> expressions) {
        return new ArrayList<>(expressions.values());
    }
}
