package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.spec.ServiceOptions;
import dev.flotilla.orchestrator.spec.ServiceUpdateOptions;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/**
 * What the containers run. Create takes the image and command after its flags, as {@code docker service create}
 * does; update takes a new image with {@code --image}. A node that lacks the image pulls it; the manager pins a tag to
 * the digest its registry serves unless {@code --no-resolve-image} ({@link RegistryFlags}).
 */
final class ImageFlags {
    private ImageFlags() {
    }

    /** {@code IMAGE [COMMAND] [ARG...]}; the command stops at the image, so later options belong to COMMAND. */
    static final class Create {
        @Parameters(index = "0", paramLabel = "IMAGE",
                description = "Image: [REGISTRY/]NAME[:TAG][@DIGEST]. A node that lacks it pulls it; the tag is"
                        + " pinned to the digest the registry serves, unless --no-resolve-image.")
        String image;
        @Parameters(index = "1..*", paramLabel = "COMMAND", description = "Command and arguments.")
        List<String> command = new ArrayList<>();

        void fill(ServiceOptions.Builder b) {
            b.image(image).command(command.toArray(String[]::new));
        }
    }

    /** {@code --image}. */
    static final class Update {
        @Option(names = "--image", paramLabel = "IMAGE",
                description = "New image: [REGISTRY/]NAME[:TAG][@DIGEST]. A node that lacks it pulls it; the tag"
                        + " is pinned to the digest the registry serves, unless --no-resolve-image.")
        String image;

        void fill(ServiceUpdateOptions.Builder b) {
            b.image(image);
        }
    }
}
