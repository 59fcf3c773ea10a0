package dev.flotilla.tomcat.install;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a set of file changes all or nothing: every new content goes to a temporary file beside its target first
 * (keeping the original's owner, group and permissions); only when all are written are backups taken and the
 * temporary files moved over the targets. A failure before the moves leaves every file as it was; a failure during
 * them puts back the files already moved.
 */
final class ChangeSet {
    static final String BACKUP_SUFFIX = ".flotilla-backup";

    private final List<FileChange> changes;

    ChangeSet(List<FileChange> changes) {
        this.changes = changes;
    }

    /** Applies the changes and returns one line per written file (with its backup). */
    List<String> apply(String timestamp) throws IOException {
        List<Path> temps = new ArrayList<Path>();
        try {
            for (FileChange c : changes) {
                temps.add(writeTemp(c));
            }
        } catch (IOException e) {
            deleteAll(temps);
            throw new IOException("could not write beside " + changes.get(temps.size()).target + " (" + e.getMessage()
                    + "); nothing was changed. Run install as a user who can write the Tomcat configuration", e);
        }
        List<Path> backups = new ArrayList<Path>();
        try {
            for (FileChange c : changes) {
                backups.add(c.before == null ? null : backup(c.target, timestamp));
            }
        } catch (IOException e) {
            deleteAll(temps);
            deleteAll(backups);
            throw new IOException("could not back up " + changes.get(backups.size()).target + " (" + e.getMessage()
                    + "); nothing was changed", e);
        }
        return moveAll(temps, backups);
    }

    private List<String> moveAll(List<Path> temps, List<Path> backups) throws IOException {
        List<String> lines = new ArrayList<String>();
        for (int i = 0; i < changes.size(); i++) {
            FileChange c = changes.get(i);
            try {
                move(temps.get(i), c.target);
            } catch (IOException e) {
                boolean restored = restore(i, backups);
                deleteAll(temps.subList(i, temps.size()));
                if (restored) {
                    // nothing was changed: the backups of this run would only make the next run's names odd
                    deleteAll(backups);
                }
                throw new IOException("could not replace " + c.target + " (" + e.getMessage() + "); the files already"
                        + " replaced were put back from their backups, so nothing was changed", e);
            }
            lines.add(c.label + ": " + (backups.get(i) == null ? "created" : "written, backup " + backups.get(i).getFileName()));
        }
        return lines;
    }

    /** Puts back the files already replaced; false when one could not be (then every backup stays). */
    private boolean restore(int upTo, List<Path> backups) {
        boolean all = true;
        for (int j = 0; j < upTo; j++) {
            try {
                if (backups.get(j) == null) {
                    Files.deleteIfExists(changes.get(j).target);
                } else {
                    Files.copy(backups.get(j), changes.get(j).target, StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.COPY_ATTRIBUTES);
                }
            } catch (IOException ignored) {
                // best effort: the backup stays on disk and its name is in the error message's folder
                all = false;
            }
        }
        return all;
    }

    private static Path writeTemp(FileChange c) throws IOException {
        Path dir = c.target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + c.target.getFileName() + ".", ".flotilla-tmp");
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
             OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
            out.write(c.after.getBytes(StandardCharsets.UTF_8));
            out.flush();
            ch.force(true);
        }
        copyAttributes(c, temp);
        return temp;
    }

    private static void copyAttributes(FileChange c, Path temp) throws IOException {
        PosixFileAttributeView tempView = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
        if (tempView == null) {
            return;
        }
        if (c.before == null) {
            tempView.setPermissions(PosixFilePermissions.fromString("rwxr-xr-x"));
            return;
        }
        PosixFileAttributes orig = Files.readAttributes(c.target, PosixFileAttributes.class);
        tempView.setPermissions(orig.permissions());
        try {
            tempView.setOwner(orig.owner());
            tempView.setGroup(orig.group());
        } catch (IOException notAllowed) {
            // a non-root user cannot give a file away; the file keeps this user as owner, permissions are kept
        }
    }

    private static Path backup(Path target, String timestamp) throws IOException {
        Path b = target.resolveSibling(target.getFileName() + BACKUP_SUFFIX);
        if (Files.exists(b)) {
            b = target.resolveSibling(target.getFileName() + BACKUP_SUFFIX + "." + timestamp);
        }
        Files.copy(target, b, StandardCopyOption.COPY_ATTRIBUTES);
        return b;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteAll(List<Path> paths) {
        for (Path p : paths) {
            if (p == null) {
                continue;
            }
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a leftover hidden temporary file is harmless; Tomcat never reads it
            }
        }
    }
}
