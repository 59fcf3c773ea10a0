package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.wire.RegistryCredential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --with-registry-auth} reads the Docker client's credential as docker does, and says why when it cannot. */
class DockerCredentialsTest {
    @TempDir
    Path dir;

    private DockerCredentials in(String configJson) throws Exception {
        Files.writeString(dir.resolve("config.json"), configJson);
        return new DockerCredentials(Map.of("DOCKER_CONFIG", dir.toString(), "PATH", dir + ":/usr/bin:/bin"));
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anAuthsEntryGivesUserAndPasswordForTheImagesRegistry() throws Exception {
        DockerCredentials d = in("{\"auths\":{\"127.0.0.1:5001\":{\"auth\":\"" + b64("ci:s3cret:with:colons") + "\"}}}");
        RegistryCredential c = d.forImage("127.0.0.1:5001/team/web:0.2");
        assertThat(c).isEqualTo(new RegistryCredential("127.0.0.1:5001", "ci", "s3cret:with:colons"));
        assertThat(c.toString()).doesNotContain("s3cret");
    }

    @Test
    void dockerHubEntriesUseDockersLongKeyAndIdentityTokensHaveNoUser() throws Exception {
        DockerCredentials d = in("{\"auths\":{\"https://index.docker.io/v1/\":{\"identitytoken\":\"tok-1\"}}}");
        assertThat(d.forImage("nginx:1.25")).isEqualTo(new RegistryCredential("docker.io", "", "tok-1"));
    }

    @Test
    void aCredentialHelperIsAskedWithTheRegistryOnStdin() throws Exception {
        Path helper = dir.resolve("docker-credential-fake");
        Files.writeString(helper, "#!/bin/sh\nread server\nprintf '{\"ServerURL\":\"%s\",\"Username\":\"bot\",\"Secret\":\"from-helper\"}' \"$server\"\n");
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwx------"));
        DockerCredentials d = in("{\"credHelpers\":{\"registry.example\":\"fake\"}}");
        assertThat(d.forImage("registry.example/web:1")).isEqualTo(new RegistryCredential("registry.example", "bot",
                "from-helper"));
    }

    @Test
    void everyFailureSaysWhatIsWrongAndHowToFixIt() throws Exception {
        assertThatThrownBy(() -> new DockerCredentials(Map.of("DOCKER_CONFIG", dir.resolve("none").toString()))
                .forImage("r.example/a:1")).hasMessageContaining("does not exist").hasMessageContaining("docker login");
        assertThatThrownBy(() -> in("{\"auths\": [").forImage("r.example/a:1"))
                .hasMessageContaining("is not a valid Docker config");
        assertThatThrownBy(() -> in("{\"auths\":{}}").forImage("r.example/a:1"))
                .hasMessageContaining("has no credential for r.example").hasMessageContaining("docker login r.example");
        assertThatThrownBy(() -> in("{\"auths\":{\"r.example\":{\"auth\":\"bm9jb2xvbg==\"}}}").forImage("r.example/a:1"))
                .hasMessageContaining("not base64 of user:password");
        assertThatThrownBy(() -> in("{\"credsStore\":\"missing-one\"}").forImage("r.example/a:1"))
                .hasMessageContaining("docker-credential-missing-one").hasMessageContaining("cannot be run");
        Path failing = dir.resolve("docker-credential-broken");
        Files.writeString(failing, "#!/bin/sh\necho 'credentials not found in native keychain' >&2\nexit 1\n");
        Files.setPosixFilePermissions(failing, PosixFilePermissions.fromString("rwx------"));
        assertThatThrownBy(() -> in("{\"credHelpers\":{\"r.example\":\"broken\"}}").forImage("r.example/a:1"))
                .isInstanceOfSatisfying(CliError.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.FAILED))
                .hasMessageContaining("credentials not found in native keychain");
    }
}
