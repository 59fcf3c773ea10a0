package dev.flotilla.orchestrator.control;

import dev.flotilla.orchestrator.wire.RegistryCredential;
import dev.flotilla.orchestrator.spec.ImageRef;
import dev.flotilla.orchestrator.security.ClusterKey;
import dev.flotilla.orchestrator.json.Json;
import dev.flotilla.orchestrator.api.SealedSecret;
import dev.flotilla.orchestrator.api.Availability;
import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.api.NodeStatus;
import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.api.UpdateStatus;
import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.reconcile.TaskSpecs;
import dev.flotilla.orchestrator.runtime.RegistryAuth;
import dev.flotilla.orchestrator.security.Secrets;
import dev.flotilla.orchestrator.spec.ServiceDefinition;
import dev.flotilla.orchestrator.spec.ServiceMode;
import dev.flotilla.orchestrator.spec.ServiceOptions;
import dev.flotilla.orchestrator.spec.ServiceSpecParser;
import dev.flotilla.orchestrator.spec.ServiceUpdateOptions;
import dev.flotilla.orchestrator.spec.ServiceUpdater;
import dev.flotilla.orchestrator.spec.SpecException;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.state.Result;
import dev.flotilla.orchestrator.wire.ApiProblem;
import dev.flotilla.orchestrator.wire.ServiceViews;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The service operations behind the API: every definition is checked in full (the parser's messages, the image
 * present on some node, published ports free) before anything is written, so a bad spec creates nothing. Before a
 * create or an update that changes the image, the image's tag is pinned to the digest its registry serves
 * ({@link ImagePinning}), unless the caller asks not to. Writes are validated again by the state rules on the leader.
 */
public final class ServiceOps {
    private static final String PURPOSE = "registry-auth:";
    private static final Logger LOG = LoggerFactory.getLogger(ServiceOps.class);
    private static final int UPDATE_ATTEMPTS = 3;

    private final String selfId;
    private final Supplier<ClusterState> read;
    private final Function<Command, Result> write;
    private final Supplier<Optional<ClusterKey>> key;
    private final ImagePinning.Registry registry;

    /**
     * @param read  a linearizable read of the state
     * @param write replicates a command; a refusal comes back as an {@link ApiProblem}
     */
    public ServiceOps(String selfId, Supplier<ClusterState> read, Function<Command, Result> write) {
        this(selfId, read, write, Optional::empty);
    }

    /** @param key the managers' cluster key, which seals the credentials of {@code --with-registry-auth} */
    public ServiceOps(String selfId, Supplier<ClusterState> read, Function<Command, Result> write,
                      Supplier<Optional<ClusterKey>> key) {
        this(selfId, read, write, key, ImagePinning.Registry.NONE);
    }

    /** @param registry asks registries for the digests that pin images (through this manager's engine) */
    public ServiceOps(String selfId, Supplier<ClusterState> read, Function<Command, Result> write,
                      Supplier<Optional<ClusterKey>> key, ImagePinning.Registry registry) {
        this.selfId = selfId;
        this.read = read;
        this.write = write;
        this.key = key;
        this.registry = registry;
    }

    /** The registry credential a service was given, opened; empty when it has none. */
    public Optional<RegistryCredential> registryCredential(Service svc) {
        if (svc.registryAuth() == null) {
            return Optional.empty();
        }
        ClusterKey k = key.get().orElseThrow(() -> noKey());
        try {
            return Optional.of(Json.mapper().readValue(k.open(PURPOSE + svc.id(), svc.registryAuth()),
                    RegistryCredential.class));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the sealed credential of service " + svc.name() + " is not a credential", e);
        }
    }

    private SealedSecret seal(RegistryCredential c, String serviceId, String image) {
        if (c == null) {
            return null;
        }
        checkRegistry(c, image);
        return key.get().orElseThrow(() -> noKey()).seal(PURPOSE + serviceId, Json.text(c));
    }

    /** A credential goes only to its own registry: refused before anything is asked or written. */
    private static void checkRegistry(RegistryCredential c, String image) {
        String registry = ImageRef.parse(image).registry();
        if (c != null && !registry.equals(c.server())) {
            throw ApiProblem.badRequest("the registry credential is for " + c.server() + ", but image " + image
                    + " is on " + registry + "; log in to " + registry + " (docker login " + registry + ")");
        }
    }

    private static ApiProblem noKey() {
        return new ApiProblem(ApiProblem.Kind.UNAVAILABLE, "NO_CLUSTER_KEY", "this manager does not hold the"
                + " managers' cluster key yet (it gets it with its next heartbeat); retry in a few seconds, or use"
                + " another manager");
    }

    public ServiceViews.Created create(ServiceOptions given) {
        return create(given, null);
    }

    public ServiceViews.Created create(ServiceOptions given, RegistryCredential credential) {
        return create(given, credential, true);
    }

    /**
     * {@code service create}, with the registry credential of {@code --with-registry-auth} when given; the image's
     * tag is pinned to its digest unless {@code resolveImage} is false ({@code --no-resolve-image}).
     */
    public ServiceViews.Created create(ServiceOptions given, RegistryCredential credential, boolean resolveImage) {
        boolean unnamed = given.name() == null || given.name().isBlank();
        // a named spec is checked before the cluster is read; an unnamed one needs the names in use first
        ClusterState known = unnamed ? read.get() : null;
        ServiceOptions options = !unnamed ? given : given.withName(ServiceNames.pick(known.services().values()
                .stream().map(Service::name).collect(java.util.stream.Collectors.toSet()),
                java.util.concurrent.ThreadLocalRandom.current()));
        ServiceDefinition parsed = parse(() -> ServiceSpecParser.parse(options));
        String id = Secrets.newId();
        SealedSecret sealed = seal(credential, id, parsed.image());
        ImagePinning.Pinned pinned = pin(ImagePinning.forCreate(parsed.image(), resolveImage), auth(credential),
                parsed.name());
        ServiceDefinition def = parsed.withImage(pinned.image());
        ClusterState s = known != null ? known : read.get();
        if (!pinned.resolved()) {
            checkImage(s, def.image());
        }
        long now = System.currentTimeMillis();
        Service svc = new Service(id, def, 1, now, now).withRegistryAuth(sealed);
        write.apply(new Command.CreateService(svc));
        LOG.atInfo().addKeyValue("node", selfId).addKeyValue("service", def.name()).addKeyValue("id", svc.id())
                .log("service created");
        return new ServiceViews.Created(svc.withoutSecrets(), desired(svc, s), warnings(pinned));
    }

    private ImagePinning.Pinned pin(ImagePinning.Plan plan, RegistryAuth auth, String service) {
        ImagePinning.Pinned pinned = ImagePinning.run(plan, registry, auth);
        if (pinned.resolved()) {
            LOG.atInfo().addKeyValue("node", selfId).addKeyValue("service", service)
                    .addKeyValue("image", pinned.image()).log("image pinned to its digest");
        }
        pinned.warning().ifPresent(w -> LOG.atInfo().addKeyValue("node", selfId).addKeyValue("service", service)
                .log("image not pinned: " + w));
        return pinned;
    }

    private static List<String> warnings(ImagePinning.Pinned pinned) {
        return pinned.warning().map(List::of).orElse(List.of());
    }

    private static RegistryAuth auth(RegistryCredential c) {
        return c == null ? null : new RegistryAuth(c.server(), c.username(), c.secret());
    }

    /**
     * The credential to ask {@code image}'s registry with on an update: the one given, else the one the service
     * keeps when it is for that registry and this manager can open it; else none.
     */
    private RegistryAuth authForUpdate(Service current, RegistryCredential given, String image) {
        if (given != null) {
            return auth(given);
        }
        if (current.registryAuth() == null || key.get().isEmpty()) {
            return null;
        }
        RegistryCredential kept = registryCredential(current).orElse(null);
        return kept != null && kept.server().equals(ImageRef.parse(image).registry()) ? auth(kept) : null;
    }

    public ServiceViews.Updated update(String ref, ServiceUpdateOptions options) {
        return update(ref, options, null);
    }

    public ServiceViews.Updated update(String ref, ServiceUpdateOptions options, RegistryCredential credential) {
        return update(ref, options, credential, true);
    }

    /**
     * {@code service update}; with {@code --with-registry-auth} the service's credential is replaced by
     * {@code credential}, without it the one it had stays (as in Swarm). A new image, or the current one on
     * {@code --force}, is pinned to its digest unless {@code resolveImage} is false.
     */
    public ServiceViews.Updated update(String ref, ServiceUpdateOptions options, RegistryCredential credential,
                                       boolean resolveImage) {
        java.util.Map<ImagePinning.Plan, ImagePinning.Pinned> asked = new java.util.HashMap<>();
        return replaceSpec(ref, current -> {
            ServiceDefinition next = parse(() -> ServiceUpdater.apply(current.spec(), options));
            checkRegistry(credential, next.image());
            ImagePinning.Plan plan = ImagePinning.forUpdate(options.image(), current.spec().image(), options.force(),
                    resolveImage);
            ImagePinning.Pinned pinned = asked.computeIfAbsent(plan, p -> pin(p,
                    authForUpdate(current, credential, next.image()), next.name()));
            return new Next(next.withImage(pinned.image()), pinned);
        }, credential, false);
    }

    /** The definition an update writes, and how its image was pinned. */
    private record Next(ServiceDefinition spec, ImagePinning.Pinned pinned) {
        Next(ServiceDefinition spec) {
            this(spec, new ImagePinning.Pinned(spec.image(), false, Optional.empty()));
        }
    }

    /**
     * Swarm's {@code service rollback}: the definition before the last update becomes the current one (and the
     * current one the previous, so a second rollback undoes the first). Rolled out like any update.
     */
    public ServiceViews.Updated rollback(String ref) {
        return replaceSpec(ref, current -> {
            if (current.previousSpec() == null) {
                throw ApiProblem.conflict("service " + current.name() + " has no previous definition to roll back to:"
                        + " it was never updated");
            }
            return new Next(current.previousSpec());
        }, null, true);
    }

    /**
     * Writes the next definition of a service, read again and retried when another update came in between. One that
     * replaces tasks starts an update (or a rollback), which the leader rolls out and reports in its UpdateStatus.
     */
    private ServiceViews.Updated replaceSpec(String ref, Function<Service, Next> nextOf, RegistryCredential credential,
                                             boolean rollback) {
        String what = rollback ? "service rolled back" : "service updated";
        for (int attempt = 1; ; attempt++) {
            ClusterState s = read.get();
            Service current = resolve(s, ref);
            Next n = nextOf.apply(current);
            ServiceDefinition next = n.spec();
            SealedSecret sealed = credential == null ? null : seal(credential, current.id(), next.image());
            if (!next.image().equals(current.spec().image()) && !n.pinned().resolved()) {
                checkImage(s, next.image());
            }
            long now = System.currentTimeMillis();
            Service updated = current.withSpec(next, now);
            if (TaskSpecs.differs(current.spec(), next)) {
                updated = updated.withUpdateStatus(rollback ? UpdateStatus.rollingBack(now, "manually requested rollback")
                        : UpdateStatus.updating(now));
            }
            if (sealed != null) {
                updated = updated.withRegistryAuth(sealed);
            }
            try {
                write.apply(new Command.UpdateService(updated));
            } catch (ApiProblem p) {
                if (p.kind() == ApiProblem.Kind.CONFLICT && p.getMessage().contains("updated meanwhile")
                        && attempt < UPDATE_ATTEMPTS) {
                    continue;
                }
                throw p;
            }
            boolean redeploys = TaskSpecs.differs(current.spec(), next);
            LOG.atInfo().addKeyValue("node", selfId).addKeyValue("service", next.name())
                    .addKeyValue("version", updated.version()).addKeyValue("redeploys", redeploys).log(what);
            return new ServiceViews.Updated(updated.withoutSecrets(), redeploys, warnings(n.pinned()));
        }
    }

    public ServiceViews.Updated scale(String ref, ServiceViews.Scale scale) {
        Service current = resolve(read.get(), ref);
        if (current.spec().mode() == ServiceMode.GLOBAL) {
            throw ApiProblem.badRequest("service " + current.name() + " is global: scale can only be used with"
                    + " replicated mode (a global service runs one task on every node that qualifies)");
        }
        return update(current.id(), ServiceUpdateOptions.builder().replicas(Integer.toString(scale.replicas())).build());
    }

    public Service remove(String ref) {
        Service svc = resolve(read.get(), ref);
        write.apply(new Command.RemoveService(svc.id(), System.currentTimeMillis()));
        LOG.atInfo().addKeyValue("node", selfId).addKeyValue("service", svc.name()).log("service removed");
        return svc.withoutSecrets();
    }

    public List<ServiceViews.Summary> list() {
        ClusterState s = read.get();
        List<ServiceViews.Summary> out = new ArrayList<>();
        for (Service svc : s.services().values()) {
            out.add(summary(svc.withoutSecrets(), tasksOf(s, svc.id()), s));
        }
        out.sort(Comparator.comparing(v -> v.service().name()));
        return out;
    }

    public Service inspect(String ref) {
        return resolve(read.get(), ref).withoutSecrets();
    }

    public ServiceViews.Tasks tasks(String ref) {
        ClusterState s = read.get();
        Service svc = resolve(s, ref);
        List<ServiceViews.TaskView> views = new ArrayList<>();
        for (Task t : tasksOf(s, svc.id())) {
            Node n = s.node(t.nodeId());
            views.add(new ServiceViews.TaskView(t, n == null ? "" : n.hostname()));
        }
        views.sort(Comparator.comparingInt((ServiceViews.TaskView v) -> v.task().slot())
                .thenComparing(v -> v.task().slot() == 0 ? v.node() : "")
                .thenComparing(Comparator.comparingLong((ServiceViews.TaskView v) -> v.task().createdAt()).reversed()));
        return new ServiceViews.Tasks(svc.withoutSecrets(), desired(svc, s), views);
    }

    static ServiceViews.Summary summary(Service svc, List<Task> tasks, ClusterState s) {
        int running = (int) tasks.stream().filter(t -> t.isLive() && t.state() == TaskState.RUNNING).count();
        return new ServiceViews.Summary(svc, running, desired(svc, s));
    }

    /** The replicas, or for a global service the nodes that qualify for one of its tasks now. */
    static int desired(Service svc, ClusterState s) {
        if (svc.spec().mode() != ServiceMode.GLOBAL) {
            return svc.spec().replicas();
        }
        return (int) s.nodes().values().stream().filter(n -> n.status() == NodeStatus.READY
                && n.availability() == Availability.ACTIVE && TaskSpecs.fits(svc.spec(), n)).count();
    }

    private static List<Task> tasksOf(ClusterState s, String serviceId) {
        return s.tasks().values().stream().filter(t -> t.serviceId().equals(serviceId)).toList();
    }

    /** By id, name, or unambiguous id prefix, as Docker finds services. */
    static Service resolve(ClusterState s, String ref) {
        if (ref == null || ref.isBlank()) {
            throw ApiProblem.badRequest("a service name or id is required");
        }
        Service byId = s.services().get(ref);
        if (byId != null) {
            return byId;
        }
        for (Service svc : s.services().values()) {
            if (svc.name().equals(ref)) {
                return svc;
            }
        }
        List<Service> prefixed = s.services().values().stream().filter(svc -> svc.id().startsWith(ref)).toList();
        if (prefixed.size() == 1) {
            return prefixed.get(0);
        }
        if (prefixed.size() > 1) {
            throw new ApiProblem(ApiProblem.Kind.CONFLICT, "AMBIGUOUS", "service " + ref + " is ambiguous ("
                    + prefixed.size() + " services match); type more of the id or use the name");
        }
        throw ApiProblem.notFound("service " + ref + " not found; list the services with `flotilla service ls`");
    }

    private static void checkImage(ClusterState s, String image) {
        Images.problem(s, image).ifPresent(p -> {
            throw new ApiProblem(ApiProblem.Kind.BAD_REQUEST, "IMAGE_NOT_FOUND", p);
        });
    }

    private static ServiceDefinition parse(Supplier<ServiceDefinition> parse) {
        try {
            return parse.get();
        } catch (SpecException e) {
            throw new ApiProblem(ApiProblem.Kind.BAD_REQUEST, "INVALID_SPEC", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(ApiProblem.Kind.BAD_REQUEST, "INVALID_SPEC", e.getMessage());
        }
    }
}
