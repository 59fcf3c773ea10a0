package dev.flotilla.shipper.discovery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;

/**
 * What one {@code stat} says about a path: its identity key (device and inode), size and modification time.
 *
 * @param key {@code <device>:<inode>}, the identity that survives a rename
 */
public record FileStat(Path path, String key, long size, long modifiedMillis, boolean regularFile) {

    /** Returns null when the path does not exist (anymore). Symbolic links are followed, as a tailer would. */
    public static FileStat of(Path path) throws IOException {
        try {
            Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino,size,lastModifiedTime,isRegularFile");
            String key = Long.toUnsignedString((Long) a.get("dev")) + ":" + Long.toUnsignedString((Long) a.get("ino"));
            return new FileStat(path, key, (Long) a.get("size"),
                    ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toMillis(), (Boolean) a.get("isRegularFile"));
        } catch (NoSuchFileException e) {
            return null;
        } catch (UnsupportedOperationException e) {
            return basic(path);
        }
    }

    private static FileStat basic(Path path) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, new LinkOption[0]);
            Object k = a.fileKey();
            return new FileStat(path, k == null ? path.toString() : k.toString(), a.size(), a.lastModifiedTime().toMillis(), a.isRegularFile());
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Like {@link #of(Path)}, but an unreadable path is also reported as absent. */
    public static FileStat quietly(Path path) {
        try {
            return of(path);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
