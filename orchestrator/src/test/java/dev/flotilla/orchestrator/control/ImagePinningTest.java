package dev.flotilla.orchestrator.control;

import dev.flotilla.orchestrator.control.ImagePinning.Keep;
import dev.flotilla.orchestrator.control.ImagePinning.Pinned;
import dev.flotilla.orchestrator.control.ImagePinning.Resolve;
import dev.flotilla.orchestrator.runtime.FakeContainerRuntime;
import dev.flotilla.orchestrator.runtime.RegistryAuth;
import dev.flotilla.orchestrator.spec.ImageRef;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What is asked of a registry when, and what a service stores when it answers or does not. */
class ImagePinningTest {
    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);
    private static final String WEB = "127.0.0.1:5001/team/web";
    private static final RegistryAuth AUTH = new RegistryAuth("127.0.0.1:5001", "ci", "secret");

    private final FakeContainerRuntime registry = new FakeContainerRuntime();

    private Pinned run(ImagePinning.Plan plan, RegistryAuth auth) {
        return ImagePinning.run(plan, registry::registryDigest, auth);
    }

    @Test
    void createAsksAboutTheTagUnlessToldNotToOrGivenADigest() {
        assertThat(ImagePinning.forCreate(WEB + ":1", true)).isEqualTo(new Resolve(ImageRef.parse(WEB + ":1"), WEB + ":1"));
        assertThat(ImagePinning.forCreate(WEB + ":1", false)).as("--no-resolve-image").isEqualTo(new Keep(WEB + ":1"));
        assertThat(ImagePinning.forCreate(WEB + ":1@" + A, true)).as("already pinned").isEqualTo(new Keep(WEB + ":1@" + A));
        assertThat(ImagePinning.forCreate(WEB + "@" + A, true)).isEqualTo(new Keep(WEB + "@" + A));
    }

    @Test
    void updateAsksAboutANewImageAndOnForceAboutTheCurrentTagAgain() {
        String current = WEB + ":1@" + A;
        assertThat(ImagePinning.forUpdate(WEB + ":2", current, false, true)).isEqualTo(new Resolve(ImageRef.parse(WEB + ":2"), WEB + ":2"));
        assertThat(ImagePinning.forUpdate(WEB + ":1", current, false, true)).as("the same tag, asked again")
                .isEqualTo(new Resolve(ImageRef.parse(WEB + ":1"), WEB + ":1"));
        assertThat(ImagePinning.forUpdate(null, current, false, true)).as("no image change").isEqualTo(new Keep(current));
        assertThat(ImagePinning.forUpdate(null, current, true, true)).as("--force")
                .isEqualTo(new Resolve(ImageRef.parse(WEB + ":1"), current));
        assertThat(ImagePinning.forUpdate(null, current, true, false)).as("--force --no-resolve-image").isEqualTo(new Keep(current));
        assertThat(ImagePinning.forUpdate(null, WEB + "@" + A, true, true)).as("a digest with no tag to ask about")
                .isEqualTo(new Keep(WEB + "@" + A));
        assertThat(ImagePinning.forUpdate(WEB + ":2", current, false, false)).isEqualTo(new Keep(WEB + ":2"));
    }

    @Test
    void anAnswerPinsTheTagToTheDigestAskedWithTheCredential() {
        registry.serveDigest(WEB + ":1", A, AUTH);
        Pinned p = run(ImagePinning.forCreate(WEB + ":1", true), AUTH);
        assertThat(p).isEqualTo(new Pinned(WEB + ":1@" + A, true, java.util.Optional.empty()));
        assertThat(registry.calls()).containsExactly("registryDigest " + WEB + ":1");

        registry.serveDigest("busybox:latest", B, null);
        assertThat(run(ImagePinning.forCreate("busybox", true), null).image()).isEqualTo("busybox:latest@" + B);
    }

    @Test
    void keepingAnImageAsksNobody() {
        Pinned p = run(new Keep(WEB + ":1"), AUTH);
        assertThat(p).isEqualTo(new Pinned(WEB + ":1", false, java.util.Optional.empty()));
        assertThat(registry.calls()).isEmpty();
    }

    @Test
    void noAnswerKeepsTheTagWithAWarningInTheWordsSwarmUsersKnow() {
        Pinned p = run(ImagePinning.forCreate("flotilla-test/busybox:local", true), null);
        assertThat(p.image()).isEqualTo("flotilla-test/busybox:local");
        assertThat(p.resolved()).isFalse();
        assertThat(p.warning()).get().asString()
                .startsWith("image flotilla-test/busybox:local could not be accessed on a registry to record its digest")
                .contains("manifest unknown", "different nodes may run different versions of the image")
                .doesNotContain("\n", "--with-registry-auth");
    }

    @Test
    void aRefusalWithoutACredentialSuggestsWithRegistryAuth() {
        registry.serveDigest(WEB + ":1", A, AUTH);
        assertThat(run(ImagePinning.forCreate(WEB + ":1", true), null).warning()).get().asString()
                .contains("unauthorized", "add --with-registry-auth");
        assertThat(run(ImagePinning.forCreate(WEB + ":1", true), new RegistryAuth("127.0.0.1:5001", "ci", "wrong"))
                .warning()).get().asString().contains("unauthorized").doesNotContain("--with-registry-auth");
    }

    @Test
    void forceWithoutAnAnswerKeepsTheDigestTheServiceHad() {
        Pinned p = run(ImagePinning.forUpdate(null, WEB + ":1@" + A, true, true), null);
        assertThat(p.image()).isEqualTo(WEB + ":1@" + A);
        assertThat(p.warning()).get().asString().contains("to check its digest again", "keeps " + WEB + ":1@" + A);

        registry.serveDigest(WEB + ":1", B, null);
        assertThat(run(ImagePinning.forUpdate(null, WEB + ":1@" + A, true, true), null).image())
                .as("the tag moved on").isEqualTo(WEB + ":1@" + B);
    }

    @Test
    void textThatIsNoReferenceIsKeptAndNeverAskedAbout() {
        assertThat(ImagePinning.forCreate("not an image", true)).isEqualTo(new Keep("not an image"));
        assertThat(ImagePinning.forUpdate(null, "not an image", true, true)).isEqualTo(new Keep("not an image"));
    }

    @Test
    void anAnswerThatIsNotADigestCountsAsNoAnswer() {
        ImagePinning.Registry odd = (ref, auth) -> "latest";
        Pinned p = ImagePinning.run(ImagePinning.forCreate(WEB + ":1", true), odd, null);
        assertThat(p.image()).isEqualTo(WEB + ":1");
        assertThat(p.warning()).get().asString().contains("is not a digest");
    }
}
