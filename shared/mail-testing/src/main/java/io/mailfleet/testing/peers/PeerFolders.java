package io.mailfleet.testing.peers;

import io.mailfleet.testing.process.ConfigFiles;
import io.mailfleet.testing.process.ServerStartException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;

/** Folders that a peer started as root shares with the unprivileged users its daemons switch to. */
final class PeerFolders {

    private PeerFolders() {
    }

    /** Makes {@code dir} readable and passable by others, and checks that every folder above it is passable. */
    static Path openToOthers(Path dir, String peer) {
        ConfigFiles.directory(dir);
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            for (Path above = dir.getParent(); above != null; above = above.getParent()) {
                if (!Files.getPosixFilePermissions(above).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new ServerStartException(peer + "'s users cannot pass " + above + " to reach " + dir
                            + "; start the peer in a folder whose parents all let others pass");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + dir + " to " + peer, e);
        }
        return dir;
    }

    static Path ownedBy(Path path, String user) {
        try {
            Files.setOwner(path, path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user));
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give " + path + " to " + user, e);
        }
    }
}
