package dev.flotilla.orchestrator.control;

import dev.flotilla.orchestrator.runtime.RegistryAuth;
import dev.flotilla.orchestrator.runtime.RuntimeFailure;
import dev.flotilla.orchestrator.spec.ImageRef;

import java.util.Locale;
import java.util.Optional;

/**
 * Pins a service's image to the digest its registry serves for the tag, as Swarm does on {@code service create},
 * on {@code service update --image} and on {@code update --force}: every replica then runs the same image, whatever
 * the tag points at later. Which image to ask about is decided by {@link #forCreate} and {@link #forUpdate} (pure);
 * {@link #run} asks a {@link Registry} (the manager's engine). An image no registry answers for keeps its tag, and
 * the user gets a warning; nothing fails because of it.
 */
public final class ImagePinning {
    private ImagePinning() {
    }

    /** Asks a registry, through the manager's engine, for the digest it serves for {@code reference} (name:tag). */
    @FunctionalInterface
    public interface Registry {
        /** For a manager with no engine: every question goes unanswered. */
        Registry NONE = (reference, auth) -> {
            throw RuntimeFailure.rejected("this manager has no container engine to ask the registry");
        };

        String digest(String reference, RegistryAuth auth) throws RuntimeFailure;
    }

    /** What to do about one service image. */
    public sealed interface Plan permits Keep, Resolve {
    }

    /** Store {@code image} as it is, asking nobody. */
    public record Keep(String image) implements Plan {
    }

    /**
     * Ask for the digest of {@code ref}'s tag, and store the tag pinned to it; store {@code fallback} when no
     * registry answers.
     */
    public record Resolve(ImageRef ref, String fallback) implements Plan {
    }

    /**
     * The image to store.
     *
     * @param resolved whether a registry answered for it (then no node needs to have it already)
     * @param warning  what the user should know when no registry answered
     */
    public record Pinned(String image, boolean resolved, Optional<String> warning) {
    }

    /** {@code service create IMAGE}: the tag is resolved unless {@code --no-resolve-image} or a digest is given. */
    public static Plan forCreate(String image, boolean resolve) {
        ImageRef ref = parsed(image);
        return !resolve || ref == null || ref.isPinned() ? new Keep(image) : new Resolve(ref, image);
    }

    /** The reference, or null for text the service parser would not have let through (kept, never asked about). */
    private static ImageRef parsed(String image) {
        try {
            return ImageRef.parse(image);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * {@code service update}: a new image ({@code requested}, null when not given) is resolved as on create;
     * {@code --force} resolves the tag of the current image again (keeping the current image when no registry
     * answers); otherwise the image stays as it is.
     */
    public static Plan forUpdate(String requested, String current, boolean force, boolean resolve) {
        if (requested != null && !requested.isBlank()) {
            return forCreate(requested, resolve);
        }
        ImageRef ref = parsed(current);
        if (!resolve || !force || ref == null || ref.tag() == null && ref.isPinned()) {
            return new Keep(current);
        }
        return new Resolve(new ImageRef(ref.registry(), ref.name(), ref.tag(), null), current);
    }

    /** Carries out {@code plan}; a registry that does not answer leaves the fallback, with a warning. */
    public static Pinned run(Plan plan, Registry registry, RegistryAuth auth) {
        if (plan instanceof Resolve r) {
            return ask(r, registry, auth);
        }
        return new Pinned(((Keep) plan).image(), false, Optional.empty());
    }

    private static Pinned ask(Resolve r, Registry registry, RegistryAuth auth) {
        try {
            return new Pinned(r.ref().pinned(registry.digest(r.ref().tagged(), auth)), true, Optional.empty());
        } catch (RuntimeFailure | IllegalArgumentException e) {
            return new Pinned(r.fallback(), false, Optional.of(warning(r, e.getMessage(), auth != null)));
        }
    }

    /** One line, in the words Swarm users know, with the registry's reason and what to do about it. */
    static String warning(Resolve r, String reason, boolean credentialSent) {
        String tag = r.ref().tagged();
        String hint = !credentialSent && needsLogin(reason) ? "; if the registry needs a login, add"
                + " --with-registry-auth" : "";
        if (r.fallback().contains("@")) {
            return "image " + tag + " could not be accessed on a registry to check its digest again (" + reason + hint
                    + "). The service keeps " + r.fallback() + ".";
        }
        return "image " + tag + " could not be accessed on a registry to record its digest (" + reason + hint
                + "). Each node will use " + r.fallback() + " as it finds it or pulls it, so different nodes may"
                + " run different versions of the image.";
    }

    private static boolean needsLogin(String reason) {
        String r = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
        return r.contains("unauthorized") || r.contains("authentication required") || r.contains("no basic auth")
                || r.contains("denied");
    }
}
