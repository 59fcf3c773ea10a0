package dev.flotilla.shipper.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * What went wrong with a file, in words: Java's file-system exceptions often carry nothing but the path
 * ({@code NoSuchFileException: /x/y}), which repeated after "cannot write /x/y" says nothing.
 */
public final class IoErrors {
    private IoErrors() {
    }

    public static String describe(IOException e) {
        String file = e instanceof FileSystemException f && f.getFile() != null ? f.getFile() : null;
        String reason = e instanceof FileSystemException f ? f.getReason() : null;
        if (e instanceof NoSuchFileException) {
            return (file == null ? "a folder on the way" : file) + " or a folder above it does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied" + (file == null ? "" : " on " + file);
        }
        if (e instanceof NotDirectoryException || e instanceof FileAlreadyExistsException) {
            return (file == null ? "a part of the path" : file) + " is a file, not a folder";
        }
        if ("Not a directory".equals(reason)) {
            return "a folder on the path " + (file == null ? "" : file + " ") + "is a file";
        }
        if (reason != null) {
            return reason + (file == null ? "" : " (" + file + ")");
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
