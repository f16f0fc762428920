package io.mailfleet.dsn;

import io.mailfleet.mime.MimeParser;
import io.mailfleet.mime.model.ByteRange;
import io.mailfleet.mime.model.MimePart;
import io.mailfleet.mime.model.ParsedMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A generated DSN read back with our own parser, with what the tests look at. */
record ParsedDsn(byte[] bytes, ParsedMessage parsed) {

    static ParsedDsn of(DsnMessage dsn) {
        byte[] bytes = dsn.toByteArray();
        return new ParsedDsn(bytes, new MimeParser().parse(bytes));
    }

    String contentType() {
        return parsed.body().type() + "/" + parsed.body().subtype();
    }

    String parameter(String name) {
        return parsed.body().parameter(name);
    }

    List<String> partTypes() {
        return parsed.body().children().stream().map(part -> part.type() + "/" + part.subtype()).toList();
    }

    /** Part 1, 2 or 3. */
    MimePart part(int number) {
        return parsed.part(Integer.toString(number)).orElseThrow();
    }

    /** The content of a part as sent, transfer encoding not undone. */
    byte[] body(int number) {
        return slice(part(number).body());
    }

    String text(int number) {
        return new String(body(number), StandardCharsets.UTF_8);
    }

    byte[] slice(ByteRange range) {
        return Arrays.copyOfRange(bytes, (int) range.start(), (int) range.end());
    }

    /** The field groups of the delivery-status part, unfolded: per-message first, then per recipient. */
    List<Map<String, String>> statusGroups() {
        return fieldGroups(text(2));
    }

    /** The lines of the whole DSN, without their CRLF. */
    List<String> lines() {
        return List.of(new String(bytes, StandardCharsets.UTF_8).split("\r\n", -1));
    }

    static List<Map<String, String>> fieldGroups(String content) {
        List<Map<String, String>> groups = new ArrayList<>();
        Map<String, String> group = new LinkedHashMap<>();
        String name = null;
        for (String line : content.split("\r\n", -1)) {
            if (line.isEmpty()) {
                if (!group.isEmpty()) {
                    groups.add(group);
                }
                group = new LinkedHashMap<>();
            } else if (line.startsWith(" ") || line.startsWith("\t")) {
                group.put(name, group.get(name) + line);
            } else {
                int colon = line.indexOf(':');
                name = line.substring(0, colon);
                group.put(name, line.substring(colon + 1).strip());
            }
        }
        if (!group.isEmpty()) {
            groups.add(group);
        }
        return groups;
    }
}
