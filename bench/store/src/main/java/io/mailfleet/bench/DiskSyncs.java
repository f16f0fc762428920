package io.mailfleet.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/** What one fsync costs on the disk under a folder: 4 KB appended to a file and forced out, as a commit log sync does. */
final class DiskSyncs {

    private static final int BLOCK = 4096;

    private DiskSyncs() {
    }

    static String measure(Path dir, int syncs) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("fsync-probe");
        long[] nanos = new long[syncs];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer block = ByteBuffer.allocate(BLOCK);
            for (int i = 0; i < syncs; i++) {
                block.clear();
                long began = System.nanoTime();
                channel.write(block);
                channel.force(false);
                nanos[i] = System.nanoTime() - began;
            }
        } finally {
            Files.deleteIfExists(file);
        }
        Arrays.sort(nanos);
        return String.format("p50 %.2f ms, p99 %.2f ms over %d syncs", nanos[syncs / 2] / 1e6,
                nanos[(int) Math.ceil(syncs * 0.99) - 1] / 1e6, syncs);
    }
}
