package io.mailfleet.mime;

/**
 * The line most recently read by {@link LineScanner}. A line ends after an LF; a CR right before
 * the LF belongs to the line end. A CR anywhere else is an ordinary octet, and the last line of
 * the input may have no line end at all.
 */
final class Line {

    long start;
    long number;
    long contentLength;
    int lineEndLength;
    /** Line-end length of the line before this one (0 for the first line). */
    int previousLineEndLength;
    /** Whether the line before this one had no content. */
    boolean previousEmpty;
    byte[] kept = new byte[256];
    int keptLength;

    long end() {
        return start + contentLength + lineEndLength;
    }

    boolean isEmpty() {
        return contentLength == 0;
    }

    /** Whether all of the content is in {@link #kept}. */
    boolean keptWhole() {
        return keptLength == contentLength;
    }

    boolean startsWithSpace() {
        return keptLength > 0 && (kept[0] == ' ' || kept[0] == '\t');
    }
}
