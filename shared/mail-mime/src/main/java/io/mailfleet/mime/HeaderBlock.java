package io.mailfleet.mime;

import java.util.List;

/**
 * The header fields kept of one header block, in header order.
 *
 * @param fields        name lowercased, value unfolded, charset-decoded and trimmed
 * @param indexComplete false when fields were left out of the SEARCH index by the limit
 */
record HeaderBlock(List<Field> fields, boolean indexComplete) {

    record Field(String name, String value) {
    }

    HeaderBlock {
        fields = List.copyOf(fields);
    }

    /** The value of the first field with this lowercase name, or null. */
    String value(String name) {
        for (Field field : fields) {
            if (field.name().equals(name)) {
                return field.value();
            }
        }
        return null;
    }
}
