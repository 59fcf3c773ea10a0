package dev.flotilla.tomcat.hostname;

import java.io.File;
import java.io.IOException;

/** Checks, before anything writes there, that a replica's log folder can be created and written. */
public final class LogFolders {
    private LogFolders() {
    }

    /** {@code <catalina.base>/logs/<name>}, or null when {@code catalina.base} is not set. */
    public static File replicaFolder(String catalinaBase, String name) {
        if (catalinaBase == null || catalinaBase.trim().isEmpty()) {
            return null;
        }
        return new File(new File(catalinaBase, "logs"), name);
    }

    /**
     * Creates the folder if needed and writes (then removes) a probe file. Returns null when the folder is usable, or a
     * message saying what is wrong and how to fix it.
     */
    public static String problem(File dir) {
        if (dir == null) {
            return null;
        }
        if (dir.exists() && !dir.isDirectory()) {
            return "log folder " + dir + " is a file, not a folder: logs for this replica cannot be written there;"
                    + " remove or rename that file";
        }
        if (!dir.isDirectory() && !dir.mkdirs() && !dir.isDirectory()) {
            return "log folder " + dir + " cannot be created: check that " + dir.getParentFile()
                    + " exists and is writable by the user running Tomcat (on a bind mount, by the container's user)";
        }
        try {
            File probe = File.createTempFile(".flotilla-write-check", ".tmp", dir);
            if (!probe.delete()) {
                probe.deleteOnExit();
            }
            return null;
        } catch (IOException | SecurityException e) {
            return "log folder " + dir + " is not writable (" + e.getMessage() + "): give the user running Tomcat"
                    + " write access to it (chown or chmod), or mount a writable folder there";
        }
    }
}
