package dev.flotilla.orchestrator.spec;

import java.util.regex.Pattern;

/**
 * An image reference as the engine reads it: {@code [registry/]repository[:tag][@digest]}. The registry is the
 * first path component when it looks like a host (has a dot or a port, or is {@code localhost}); otherwise the
 * image is on Docker Hub ({@code docker.io}). A reference with a digest is <em>pinned</em>: it names one image
 * whatever its tag points at later, which is how a service makes every replica run the same image.
 *
 * @param name   the reference without tag and digest, as {@code docker pull} takes it (registry included)
 * @param tag    the tag, or null
 * @param digest {@code sha256:...}, or null
 */
public record ImageRef(String registry, String name, String tag, String digest) {
    public static final String DOCKER_HUB = "docker.io";
    public static final String DEFAULT_TAG = "latest";
    /** A content digest: {@code algorithm:hex}, at least 32 hex digits (the form the service parser accepts). */
    private static final Pattern DIGEST = Pattern.compile("[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*"
            + ":[0-9a-fA-F]{32,}");

    public static ImageRef parse(String image) {
        if (image == null || image.isBlank() || image.chars().anyMatch(Character::isWhitespace)) {
            throw invalid(image);
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
        if (rest.isEmpty() || (tag != null && tag.isEmpty()) || (digest != null && !isDigest(digest))) {
            throw invalid(image);
        }
        return new ImageRef(host ? first : DOCKER_HUB, rest, tag, digest);
    }

    private static IllegalArgumentException invalid(String image) {
        return new IllegalArgumentException("invalid image reference '" + image + "': write"
                + " [REGISTRY/]NAME[:TAG][@DIGEST], like registry.example:5000/web:0.2");
    }

    /** Whether {@code text} has the form of a content digest ({@code sha256:<hex>}). */
    public static boolean isDigest(String text) {
        return text != null && DIGEST.matcher(text).matches();
    }

    /**
     * How {@code service ls} and {@code service ps} show an image, as docker does: a tagged reference without its
     * digest ({@code web:1@sha256:...} → {@code web:1}); anything else as it is, unparsable text included.
     */
    public static String display(String image) {
        try {
            ImageRef ref = parse(image);
            return ref.tag == null ? image : ref.name + ":" + ref.tag;
        } catch (IllegalArgumentException e) {
            return image;
        }
    }

    /** Whether the reference names one image by its digest. */
    public boolean isPinned() {
        return digest != null;
    }

    /** What to pull: the digest when pinned, else the tag ({@code latest} when none). */
    public String tagOrDigest() {
        return digest != null ? digest : tag != null ? tag : DEFAULT_TAG;
    }

    /** The tag to ask a registry about: {@code name:tag}, with {@code latest} when none was given. */
    public String tagged() {
        return name + ":" + (tag != null ? tag : DEFAULT_TAG);
    }

    /**
     * The same image pinned to {@code newDigest}: {@code name:tag@digest}, the tag kept for people reading it
     * ({@code latest} when none was given, as Swarm writes it).
     */
    public String pinned(String newDigest) {
        if (!isDigest(newDigest)) {
            throw new IllegalArgumentException("'" + newDigest + "' is not a digest (sha256:<hex>)");
        }
        return tagged() + "@" + newDigest;
    }

    /** The reference written back: {@code name[:tag][@digest]}. */
    public String reference() {
        return name + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }
}
