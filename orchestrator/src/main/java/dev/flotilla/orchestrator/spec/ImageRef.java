package dev.flotilla.orchestrator.spec;

/**
 * An image reference as the engine reads it: {@code [registry/]repository[:tag][@digest]}. The registry is the
 * first path component when it looks like a host (has a dot or a port, or is {@code localhost}); otherwise the
 * image is on Docker Hub ({@code docker.io}).
 *
 * @param name   the reference without tag and digest, as {@code docker pull} takes it (registry included)
 * @param tag    the tag, or null
 * @param digest {@code sha256:...}, or null
 */
public record ImageRef(String registry, String name, String tag, String digest) {
    public static final String DOCKER_HUB = "docker.io";

    public static ImageRef parse(String image) {
        if (image == null || image.isBlank() || image.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("invalid image reference '" + image + "': write"
                    + " [REGISTRY/]NAME[:TAG][@DIGEST], like registry.example:5000/web:0.2");
        }
        String rest = image;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        int slash = rest.indexOf('/');
        String first = slash < 0 ? "" : rest.substring(0, slash);
        boolean host = first.contains(".") || first.contains(":") || first.equals("localhost");
        if (rest.isEmpty() || (tag != null && tag.isEmpty()) || (digest != null && !digest.contains(":"))) {
            throw new IllegalArgumentException("invalid image reference '" + image + "': write"
                    + " [REGISTRY/]NAME[:TAG][@DIGEST], like registry.example:5000/web:0.2");
        }
        return new ImageRef(host ? first : DOCKER_HUB, rest, tag, digest);
    }

    /** What to pull: the digest when pinned, else the tag ({@code latest} when none). */
    public String tagOrDigest() {
        return digest != null ? digest : tag != null ? tag : "latest";
    }

    /** The same image pinned to {@code digest} (the tag stays, for people reading it). */
    public String pinned(String newDigest) {
        return name + (tag == null ? "" : ":" + tag) + "@" + newDigest;
    }
}
