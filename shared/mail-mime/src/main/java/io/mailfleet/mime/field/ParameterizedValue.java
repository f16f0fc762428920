package io.mailfleet.mime.field;

import java.util.List;

import io.mailfleet.mime.model.Parameter;

/** A header value of the form {@code value; name=value; …} (Content-Type, Content-Disposition). */
public record ParameterizedValue(String value, List<Parameter> parameters) {

    public ParameterizedValue {
        parameters = List.copyOf(parameters);
    }
}
