package dev.flotilla.orchestrator.spec;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * The flags of {@code flotilla service update}, expressed against the model of create: a new image, new values
 * for the {@link ServiceSettings} given ({@code null}: keep; an empty hostname or log folder clears it), entries
 * to {@code add} to and {@code remove} from the {@link ServiceLists} ({@code --X-add}, {@code --X-rm}), and
 * {@code --force}. {@link ServiceUpdater#apply} applies them. In JSON the fields are flat, as they always were:
 * {@code "replicas"}, {@code "envAdd"}, {@code "envRm"}.
 */
public record ServiceUpdateOptions(String image, @JsonUnwrapped ServiceSettings settings,
                                   @JsonUnwrapped(suffix = "Add") ServiceLists add,
                                   @JsonUnwrapped(suffix = "Rm") ServiceLists remove, boolean force) {
    public ServiceUpdateOptions {
        settings = settings == null ? ServiceSettings.NONE : settings;
        add = add == null ? ServiceLists.NONE : add;
        remove = remove == null ? ServiceLists.NONE : remove;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent construction for the CLI and tests; {@code --X-add} and {@code --X-rm} fill the two lists. */
    public static final class Builder extends ServiceSettings.Builder<Builder> {
        private String image;
        private boolean force;
        private final ServiceLists.Builder add = new ServiceLists.Builder();
        private final ServiceLists.Builder remove = new ServiceLists.Builder();

        public Builder image(String v) { image = v; return this; }
        public Builder force(boolean v) { force = v; return this; }
        public Builder envAdd(String v) { add.env(v); return this; }
        public Builder envRm(String v) { remove.env(v); return this; }
        public Builder labelAdd(String v) { add.label(v); return this; }
        public Builder labelRm(String v) { remove.label(v); return this; }
        public Builder constraintAdd(String v) { add.constraint(v); return this; }
        public Builder constraintRm(String v) { remove.constraint(v); return this; }
        public Builder publishAdd(String v) { add.publish(v); return this; }
        public Builder publishRm(String v) { remove.publish(v); return this; }
        public Builder mountAdd(String v) { add.mount(v); return this; }
        public Builder mountRm(String v) { remove.mount(v); return this; }

        public ServiceUpdateOptions build() {
            return new ServiceUpdateOptions(image, settings(), add.build(), remove.build(), force);
        }
    }
}
