package io.mailfleet.imap.gateway.search;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Whether a stream's octets contain a string, ignoring ASCII case, read a buffer at a time (a large
 * message is never held whole): a Knuth-Morris-Pratt scan over the string's UTF-8 octets.
 */
public final class StreamSearch {

    private StreamSearch() {
    }

    public static boolean contains(InputStream in, String needle) throws IOException {
        byte[] pattern = needle.getBytes(StandardCharsets.UTF_8);
        if (pattern.length == 0) {
            return true;
        }
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = lower(pattern[i]);
        }
        int[] fallback = fallback(pattern);
        byte[] buffer = new byte[16 * 1024];
        int matched = 0;
        int read;
        while ((read = in.read(buffer)) > 0) {
            for (int i = 0; i < read; i++) {
                byte b = lower(buffer[i]);
                while (matched > 0 && pattern[matched] != b) {
                    matched = fallback[matched - 1];
                }
                if (pattern[matched] == b) {
                    matched++;
                    if (matched == pattern.length) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static int[] fallback(byte[] pattern) {
        int[] table = new int[pattern.length];
        int length = 0;
        for (int i = 1; i < pattern.length; i++) {
            while (length > 0 && pattern[i] != pattern[length]) {
                length = table[length - 1];
            }
            if (pattern[i] == pattern[length]) {
                length++;
            }
            table[i] = length;
        }
        return table;
    }

    private static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
    }
}
