package dev.flotilla.orchestrator.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node-side preparation before a container is created, which Swarm refuses to do: bind-mount sources that
 * do not exist are created, and for a service with a log dir, the task's folder {@code <source>/<hostname>/} is
 * created with the metadata file the log shipper reads.
 */
public final class HostPaths {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern NUMERIC_USER = Pattern.compile("(\\d+)(?::(\\d+))?");

    private HostPaths() {
    }

    /** Creates every missing bind-mount source as a folder; REJECTED when one cannot be created. */
    public static void ensureSources(TaskLaunch launch) throws RuntimeFailure {
        for (BindMount m : launch.mounts()) {
            Path source = Path.of(m.source());
            if (Files.exists(source)) {
                continue;
            }
            try {
                Files.createDirectories(source);
            } catch (IOException | SecurityException e) {
                throw RuntimeFailure.rejected("bind mount source " + m.source() + " does not exist on node "
                        + launch.nodeHostname() + " and cannot be created (" + describe(e) + "); create it there or"
                        + " change the --mount source");
            }
        }
    }

    /**
     * Creates the task's log folder and writes its metadata; returns the folder, or {@code null} when the service
     * has no log dir.
     */
    public static Path prepareLogFolder(TaskLaunch launch, ImageInfo image, Instant now) throws RuntimeFailure {
        if (launch.logDir() == null) {
            return null;
        }
        BindMount mount = mountFor(launch).orElseThrow(() -> RuntimeFailure.rejected("--log-dir " + launch.logDir()
                + " is not inside any bind mount of task " + launch.taskId() + "; mount a host folder there"));
        String relative = launch.logDir().equals(mount.target()) ? "" : launch.logDir().substring(mount.target().length() + 1);
        Path folder = Path.of(mount.source()).resolve(relative).resolve(launch.hostname());
        try {
            Files.createDirectories(folder);
            grantTo(folder, image.user());
            writeMetadata(folder, new TaskMetadata(launch.serviceName(), launch.serviceId(), launch.taskId(),
                    launch.slot(), launch.nodeHostname(), launch.nodeId(), launch.image(), launch.hostname(),
                    now.toString()));
        } catch (IOException | SecurityException e) {
            throw RuntimeFailure.rejected("the log folder " + folder + " cannot be prepared on node "
                    + launch.nodeHostname() + " (" + describe(e) + "); check the --mount source");
        }
        return folder;
    }

    static Optional<BindMount> mountFor(TaskLaunch launch) {
        String dir = launch.logDir();
        return launch.mounts().stream()
                .filter(m -> dir.equals(m.target()) || dir.startsWith(m.target() + "/"))
                .max(Comparator.comparingInt(m -> m.target().length()));
    }

    private static void writeMetadata(Path folder, TaskMetadata metadata) throws IOException {
        Path file = folder.resolve(TaskMetadata.FILE_NAME);
        Path tmp = folder.resolve(TaskMetadata.FILE_NAME + ".tmp");
        Files.write(tmp, JSON.writeValueAsBytes(metadata));
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Lets the image's user write into the task's folder: chown for a numeric user, open permissions for a named one. */
    private static void grantTo(Path folder, String user) throws IOException {
        if (user.isEmpty() || user.equals("root") || user.equals("0") || user.startsWith("0:")) {
            return;
        }
        Matcher m = NUMERIC_USER.matcher(user);
        if (m.matches()) {
            Files.setAttribute(folder, "unix:uid", Integer.parseInt(m.group(1)));
            if (m.group(2) != null) {
                Files.setAttribute(folder, "unix:gid", Integer.parseInt(m.group(2)));
            }
        } else {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
    }

    private static String describe(Exception e) {
        if (e instanceof java.nio.file.FileAlreadyExistsException f) {
            return "a file is in the way at " + f.getFile();
        }
        if (e instanceof java.nio.file.AccessDeniedException a) {
            return "permission denied at " + a.getFile();
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(java.util.Locale.ROOT) + " at " + f.getFile();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
