package dev.flotilla.orchestrator.state;

import java.util.List;

/**
 * The answer to one command: accepted, or rejected with a code and a message meant for the user.
 *
 * @param ref   the id the command created or touched, if any
 * @param items one result per command of a {@link Command.Batch}, else empty
 */
public record Result(boolean ok, Code code, String message, String ref, List<Result> items) {

    /** Why a command was rejected; the HTTP layer maps these to status codes. */
    public enum Code { OK, NOT_FOUND, CONFLICT, INVALID, NOT_INITIALIZED, INTERNAL }

    public Result {
        message = message == null ? "" : message;
        ref = ref == null ? "" : ref;
        items = items == null ? List.of() : List.copyOf(items);
    }

    public static Result ok(String ref) {
        return new Result(true, Code.OK, "", ref, List.of());
    }

    public static Result ok(String ref, String message) {
        return new Result(true, Code.OK, message, ref, List.of());
    }

    public static Result rejected(Code code, String message) {
        return new Result(false, code, message, "", List.of());
    }

    public static Result batch(List<Result> items) {
        return new Result(true, Code.OK, "", "", items);
    }
}
