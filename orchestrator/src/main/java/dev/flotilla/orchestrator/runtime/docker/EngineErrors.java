package dev.flotilla.orchestrator.runtime.docker;

import dev.flotilla.orchestrator.runtime.RuntimeFailure;
import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;

/** Turns docker-java exceptions into {@link RuntimeFailure}s with the engine's own words, trimmed of JSON. */
final class EngineErrors {
    private EngineErrors() {
    }

    /** The engine refused a container spec (HTTP 400) → REJECTED; anything else → FAILED. */
    static RuntimeFailure onCreate(RuntimeException e, String what) {
        if (e instanceof BadRequestException) {
            return RuntimeFailure.rejected("the engine refused " + what + ": " + message(e));
        }
        return failed(e, what);
    }

    static RuntimeFailure failed(RuntimeException e, String what) {
        boolean retryable = !(e instanceof BadRequestException || e instanceof NotFoundException
                || e instanceof ConflictException);
        return RuntimeFailure.failed(what + " failed: " + message(e), retryable, e);
    }

    /** docker-java puts the engine's JSON body ({"message":"..."}) in the message; keep the text. */
    static String message(RuntimeException e) {
        String m = e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        if (e instanceof DockerException) {
            int key = m.indexOf("\"message\":\"");
            if (key >= 0) {
                int start = key + "\"message\":\"".length();
                int end = m.indexOf("\"}", start);
                m = m.substring(start, end < 0 ? m.length() : end).replace("\\\"", "\"");
            }
        }
        return m.strip();
    }
}
