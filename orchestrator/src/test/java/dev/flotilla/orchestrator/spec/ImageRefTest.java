package dev.flotilla.orchestrator.spec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageRefTest {
    private static final String DIGEST = "sha256:" + "a".repeat(64);

    @Test
    void theRegistryIsTheFirstComponentOnlyWhenItLooksLikeAHost() {
        assertThat(ImageRef.parse("busybox")).isEqualTo(new ImageRef("docker.io", "busybox", null, null));
        assertThat(ImageRef.parse("flotilla-test/busybox:local"))
                .isEqualTo(new ImageRef("docker.io", "flotilla-test/busybox", "local", null));
        assertThat(ImageRef.parse("127.0.0.1:5001/team/web:1@" + DIGEST))
                .isEqualTo(new ImageRef("127.0.0.1:5001", "127.0.0.1:5001/team/web", "1", DIGEST));
        assertThat(ImageRef.parse("localhost/web").registry()).isEqualTo("localhost");
        assertThat(ImageRef.parse("registry.example/web@" + DIGEST))
                .isEqualTo(new ImageRef("registry.example", "registry.example/web", null, DIGEST));
        assertThat(ImageRef.parse("registry.example:5000/web").tag()).as("a port is not a tag").isNull();
    }

    @Test
    void aTagIsPinnedWithItsTagKeptAndLatestWhenNoneWasGiven() {
        assertThat(ImageRef.parse("127.0.0.1:5001/web:1").pinned(DIGEST)).isEqualTo("127.0.0.1:5001/web:1@" + DIGEST);
        assertThat(ImageRef.parse("busybox").pinned(DIGEST)).isEqualTo("busybox:latest@" + DIGEST);
        assertThat(ImageRef.parse("busybox").tagged()).isEqualTo("busybox:latest");
        assertThat(ImageRef.parse("web:2@" + DIGEST).tagged()).as("the tag to ask about again").isEqualTo("web:2");
        assertThatThrownBy(() -> ImageRef.parse("web:1").pinned("latest"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a digest");
    }

    @Test
    void aPinnedReferenceIsPulledByItsDigest() {
        ImageRef pinned = ImageRef.parse("127.0.0.1:5001/web:1@" + DIGEST);
        assertThat(pinned.isPinned()).isTrue();
        assertThat(pinned.tagOrDigest()).isEqualTo(DIGEST);
        assertThat(pinned.name()).isEqualTo("127.0.0.1:5001/web");
        assertThat(ImageRef.parse("web:1").tagOrDigest()).isEqualTo("1");
        assertThat(ImageRef.parse("web").tagOrDigest()).isEqualTo("latest");
        assertThat(pinned.reference()).isEqualTo("127.0.0.1:5001/web:1@" + DIGEST);
        assertThat(ImageRef.parse("web").reference()).isEqualTo("web");
    }

    @Test
    void listsShowAPinnedImageByItsTagAsDockerDoes() {
        assertThat(ImageRef.display("127.0.0.1:5001/web:1@" + DIGEST)).isEqualTo("127.0.0.1:5001/web:1");
        assertThat(ImageRef.display("web@" + DIGEST)).as("no tag to show instead").isEqualTo("web@" + DIGEST);
        assertThat(ImageRef.display("web")).isEqualTo("web");
        assertThat(ImageRef.display("not an image")).as("shown as it is").isEqualTo("not an image");
    }

    @Test
    void aMalformedReferenceSaysHowToWriteOne() {
        for (String bad : new String[] {"", " ", "web:", "web@latest", "web@sha256:xyz", ":1", "a b"}) {
            assertThatThrownBy(() -> ImageRef.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("invalid image reference").hasMessageContaining("[REGISTRY/]NAME[:TAG][@DIGEST]");
        }
        assertThat(ImageRef.isDigest(DIGEST)).isTrue();
        assertThat(ImageRef.isDigest("SHA256:" + "a".repeat(64))).as("what the service parser accepts").isTrue();
        assertThat(ImageRef.isDigest("sha256:abc")).as("too short").isFalse();
        assertThat(ImageRef.isDigest(null)).isFalse();
    }
}
