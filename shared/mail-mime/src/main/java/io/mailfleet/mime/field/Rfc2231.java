package io.mailfleet.mime.field;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.mailfleet.mime.model.Parameter;

/**
 * RFC 2231 parameter value continuations and extended values.
 *
 * <p>For IMAP the continuations {@code name*0*}, {@code name*1}, … are merged into one parameter
 * {@code name*} whose value stays {@code charset'language'percent-encoded} (as Dovecot reports
 * them): clients know how to decode that one form, while split sections reach few of them.
 */
public final class Rfc2231 {

    private static final String ATTRIBUTE_SPECIALS = "*'%()<>@,;:\\\"/[]?=";
    private static final int MAX_SECTION_DIGITS = 4;

    private Rfc2231() {
    }

    /**
     * Merges each run of sections {@code 0..n} into one parameter placed where section 0 was.
     * Sections after a gap are dropped (RFC 2231 §3 makes a gap end the value); sections of a
     * name without section 0 are kept unmerged, as given.
     */
    public static List<Parameter> mergeContinuations(List<Parameter> parameters) {
        Map<String, TreeMap<Integer, Parameter>> sectionsByName = new LinkedHashMap<>();
        for (Parameter parameter : parameters) {
            Section section = Section.of(parameter.name());
            if (section != null) {
                sectionsByName.computeIfAbsent(section.baseName, name -> new TreeMap<>())
                        .putIfAbsent(section.number, parameter);
            }
        }
        List<Parameter> merged = new ArrayList<>(parameters.size());
        for (Parameter parameter : parameters) {
            Section section = Section.of(parameter.name());
            if (section == null) {
                merged.add(parameter);
                continue;
            }
            TreeMap<Integer, Parameter> sections = sectionsByName.get(section.baseName);
            if (!sections.containsKey(0)) {
                merged.add(parameter);
            } else if (sections.firstEntry().getValue() == parameter) {
                merged.add(merge(section.baseName, sections));
            }
        }
        return merged;
    }

    /**
     * The display value of a parameter: the merged extended form {@code name*} decoded from its
     * charset, else the plain {@code name} with RFC 2047 encoded words decoded (a common violation
     * of RFC 2047 §5 that mailers read anyway). Null when neither is present.
     */
    public static String displayValue(List<Parameter> parameters, String name) {
        for (Parameter parameter : parameters) {
            if (parameter.name().equals(name + "*")) {
                return decodeExtendedValue(parameter.value());
            }
        }
        for (Parameter parameter : parameters) {
            if (parameter.name().equals(name)) {
                return HeaderText.decodeEncodedWords(parameter.value());
            }
        }
        return null;
    }

    /** Decodes {@code charset'language'percent-encoded-octets}. */
    public static String decodeExtendedValue(String value) {
        int charsetEnd = value.indexOf('\'');
        int languageEnd = charsetEnd < 0 ? -1 : value.indexOf('\'', charsetEnd + 1);
        String charsetName = languageEnd < 0 ? "" : value.substring(0, charsetEnd);
        byte[] octets = percentDecode(languageEnd < 0 ? value : value.substring(languageEnd + 1));
        Charset charset = charset(charsetName);
        return charset == null
                ? HeaderText.fromOctets(octets, 0, octets.length)
                : new String(octets, charset);
    }

    private static Parameter merge(String baseName, TreeMap<Integer, Parameter> sections) {
        List<Parameter> run = new ArrayList<>();
        boolean extended = false;
        for (int expected = 0; sections.containsKey(expected); expected++) {
            Parameter section = sections.get(expected);
            run.add(section);
            extended |= section.name().endsWith("*");
        }
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < run.size(); i++) {
            Parameter section = run.get(i);
            boolean sectionExtended = section.name().endsWith("*");
            if (!extended || sectionExtended) {
                value.append(section.value());
            } else {
                // A plain section inside an extended value must be escaped to stay one value,
                // and without an extended first section the charset and language are empty.
                value.append(i == 0 ? "''" : "").append(percentEncode(section.value()));
            }
        }
        return new Parameter(extended ? baseName + "*" : baseName, value.toString());
    }

    private static String percentEncode(String value) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int octet = b & 0xff;
            if (octet > ' ' && octet < 127 && ATTRIBUTE_SPECIALS.indexOf(octet) < 0) {
                encoded.append((char) octet);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(octet >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(octet & 0xf, 16)));
            }
        }
        return encoded.toString();
    }

    private static byte[] percentDecode(String text) {
        byte[] chars = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream octets = new ByteArrayOutputStream(chars.length);
        for (int i = 0; i < chars.length; i++) {
            int high = i + 2 < chars.length ? Character.digit(chars[i + 1], 16) : -1;
            int low = i + 2 < chars.length ? Character.digit(chars[i + 2], 16) : -1;
            if (chars[i] == '%' && high >= 0 && low >= 0) {
                octets.write(high << 4 | low);
                i += 2;
            } else {
                octets.write(chars[i]);
            }
        }
        return octets.toByteArray();
    }

    private static Charset charset(String name) {
        if (name.isEmpty()) {
            return null;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException unknownCharset) {
            return null;
        }
    }

    /** A parsed section name: {@code base*N} or {@code base*N*}. */
    private static final class Section {
        final String baseName;
        final int number;

        private Section(String baseName, int number) {
            this.baseName = baseName;
            this.number = number;
        }

        static Section of(String name) {
            String withoutMark = name.endsWith("*") ? name.substring(0, name.length() - 1) : name;
            int star = withoutMark.lastIndexOf('*');
            if (star <= 0) {
                return null;
            }
            String digits = withoutMark.substring(star + 1);
            if (digits.isEmpty() || digits.length() > MAX_SECTION_DIGITS
                    || (digits.length() > 1 && digits.charAt(0) == '0')) {
                return null;
            }
            for (int i = 0; i < digits.length(); i++) {
                if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                    return null;
                }
            }
            return new Section(withoutMark.substring(0, star), Integer.parseInt(digits));
        }
    }
}
