package dev.flotilla.orchestrator.spec;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import java.util.ArrayList;
import java.util.List;

/**
 * The flags of {@code flotilla service create}, exactly as the user typed them ({@code null} or empty when not
 * given): what only create takes (name, image, command, mode), the {@link ServiceSettings} update takes too, and
 * the whole {@link ServiceLists}. {@link ServiceSpecParser#parse} turns them into a checked {@link ServiceDefinition}.
 * In JSON the settings and lists are flat fields ({@code "replicas"}, {@code "publish"}), as they always were.
 */
public record ServiceOptions(String name, String image, List<String> command, String mode,
                             @JsonUnwrapped ServiceSettings settings, @JsonUnwrapped ServiceLists lists) {
    public ServiceOptions {
        command = command == null ? List.of() : List.copyOf(command);
        settings = settings == null ? ServiceSettings.NONE : settings;
        lists = lists == null ? ServiceLists.NONE : lists;
    }

    /** The same options under another name (a generated one, when the user gave none). */
    public ServiceOptions withName(String newName) {
        return new ServiceOptions(newName, image, command, mode, settings, lists);
    }

    public static Builder builder(String name, String image) {
        return new Builder().name(name).image(image);
    }

    /** Fluent construction for callers that fill the flags one by one (the CLI, tests). */
    public static final class Builder extends ServiceSettings.Builder<Builder> {
        private String name;
        private String image;
        private final List<String> command = new ArrayList<>();
        private String mode;
        private final ServiceLists.Builder lists = new ServiceLists.Builder();

        public Builder name(String v) { name = v; return this; }
        public Builder image(String v) { image = v; return this; }
        public Builder command(String... v) { command.addAll(List.of(v)); return this; }
        public Builder mode(String v) { mode = v; return this; }
        public Builder publish(String v) { lists.publish(v); return this; }
        public Builder mount(String v) { lists.mount(v); return this; }
        public Builder env(String v) { lists.env(v); return this; }
        public Builder label(String v) { lists.label(v); return this; }
        public Builder constraint(String v) { lists.constraint(v); return this; }

        public ServiceOptions build() {
            return new ServiceOptions(name, image, command, mode, settings(), lists.build());
        }
    }
}
