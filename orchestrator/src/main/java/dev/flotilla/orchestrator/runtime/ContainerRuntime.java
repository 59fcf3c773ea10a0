package dev.flotilla.orchestrator.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a node agent needs from a container engine, with plain records in and out. Images are pulled only through
 * {@link #pullIfMissing}, with the credential the cluster handed over for the task's service, or none; a manager
 * asks its engine for the digest a registry serves for a tag ({@link #registryDigest}) to pin a service's image.
 * Every container they create carries {@link OwnershipLabels}.
 * Stop and remove are idempotent (a container already gone is not an error).
 */
public interface ContainerRuntime extends AutoCloseable {
    /**
     * How long {@link #registryDigest} may take: a registry that does not answer by then counts as unreachable. The
     * CLI waits this much longer for a service create or update.
     */
    Duration DIGEST_LIMIT = Duration.ofSeconds(8);

    /**
     * The local image, or a {@link RuntimeFailure.Kind#REJECTED} failure naming the node when it is missing.
     */
    ImageInfo requireImage(String image, String nodeName) throws RuntimeFailure;

    /**
     * The local image, pulled first when the node lacks it: with {@code auth} when given, else with no credential
     * at all (never the node's own). A registry's refusal (unauthorized, not found, unknown host) is a
     * {@link RuntimeFailure.Kind#REJECTED} failure with the registry's words.
     */
    ImageInfo pullIfMissing(String image, RegistryAuth auth, String nodeName) throws RuntimeFailure;

    /**
     * The digest of the manifest a registry serves for {@code reference} ({@code name:tag}) now, asked through the
     * engine so that its own TLS, certificate and insecure-registry settings apply; with {@code auth} when given,
     * else with no credential. Takes at most {@link #DIGEST_LIMIT}. A registry that cannot be reached, refuses the
     * credential or does not know the image is a {@link RuntimeFailure.Kind#REJECTED} failure with the reason.
     */
    String registryDigest(String reference, RegistryAuth auth) throws RuntimeFailure;

    /**
     * Prepares the node (bind-mount sources, the task's log folder and its metadata file) and creates the
     * container. Creating again for the same task returns the container already created.
     */
    PreparedContainer create(TaskLaunch launch) throws RuntimeFailure;

    void start(String containerId) throws RuntimeFailure;

    /** Asks the process to stop (SIGTERM), and kills it after {@code grace}. */
    void stop(String containerId, Duration grace) throws RuntimeFailure;

    void remove(String containerId) throws RuntimeFailure;

    /** The container's state, or empty when it does not exist. */
    Optional<ContainerStatus> inspect(String containerId) throws RuntimeFailure;

    /**
     * The references of every image the engine has locally: by tag ({@code repo:tag}) and, for an image pulled from
     * or pushed to a registry, by digest ({@code repo@sha256:...}).
     */
    List<String> localImages() throws RuntimeFailure;

    /** Every container, running or not, that carries this node's ownership labels. */
    List<OwnedContainer> listOwned(String nodeId) throws RuntimeFailure;

    /**
     * Streams the exits and health changes of this node's containers until the returned handle is closed. When
     * this returns, the stream is established: every exit and health change from then on is delivered.
     */
    AutoCloseable watchExits(String nodeId, ExitListener listener) throws RuntimeFailure;

    @Override
    void close();
}
