package dev.flotilla.orchestrator.wire;

/**
 * An error the API reports to its caller: a kind (mapped to an HTTP status and a CLI exit code), a stable code
 * and a message written for the user. The server throws it; the client rebuilds it from the JSON body.
 */
public final class ApiProblem extends RuntimeException {

    /** The class of failure; each maps to one HTTP status. */
    public enum Kind {
        BAD_REQUEST(400), UNAUTHORIZED(401), FORBIDDEN(403), NOT_FOUND(404), CONFLICT(409), NOT_LEADER(421),
        UNAVAILABLE(503), INTERNAL(500);

        public final int status;

        Kind(int status) {
            this.status = status;
        }

        public static Kind ofStatus(int status) {
            for (Kind k : values()) {
                if (k.status == status) {
                    return k;
                }
            }
            return status >= 500 ? INTERNAL : BAD_REQUEST;
        }
    }

    private final Kind kind;
    private final String code;
    private final String leader;

    public ApiProblem(Kind kind, String code, String message) {
        this(kind, code, message, null);
    }

    public ApiProblem(Kind kind, String code, String message, String leader) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.leader = leader;
    }

    /** A call only the leader serves reached a follower; {@code leaderApi} says where to go (may be null). */
    public static ApiProblem notLeader(String leaderApi) {
        return new ApiProblem(Kind.NOT_LEADER, "NOT_LEADER", leaderApi == null || leaderApi.isEmpty()
                ? "this manager is not the leader and knows of no leader"
                : "this manager is not the leader; the leader is " + leaderApi, leaderApi);
    }

    /** The leader's API address for a NOT_LEADER problem, else null. */
    public String leader() {
        return leader;
    }

    public static ApiProblem badRequest(String message) {
        return new ApiProblem(Kind.BAD_REQUEST, "INVALID", message);
    }

    public static ApiProblem notFound(String message) {
        return new ApiProblem(Kind.NOT_FOUND, "NOT_FOUND", message);
    }

    public static ApiProblem conflict(String message) {
        return new ApiProblem(Kind.CONFLICT, "CONFLICT", message);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    /** The JSON body shape: {@code {"error": {"code": ..., "message": ...}}}. */
    public record Body(Detail error) {
    }

    public record Detail(String code, String message, String leader) {
    }
}
