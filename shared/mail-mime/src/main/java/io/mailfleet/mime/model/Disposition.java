package io.mailfleet.mime.model;

import java.util.List;
import java.util.Objects;

/** A Content-Disposition: its type lowercased ({@code inline}, {@code attachment}, …) and parameters. */
public record Disposition(String type, List<Parameter> parameters) {

    public Disposition {
        Objects.requireNonNull(type, "type");
        parameters = List.copyOf(parameters);
    }
}
