package io.mailfleet.server;

import java.io.Closeable;
import java.io.IOException;

/** What {@link Connection#stream} writes: chunks read one at a time on the {@link Lane#BODY} lane. */
public interface ChunkSource extends Closeable {

    /** Blocking: the next bytes to write (possibly empty), or null when the source is exhausted. */
    byte[] next() throws IOException;
}
