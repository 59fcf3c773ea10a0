package dev.flotilla.tomcat.install;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.tomcat.hostname.HostNameSanitizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The setenv.sh block, run by the real /bin/sh, names the folder exactly as the jar does. */
class SetenvShellTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"3f2a9c1b7d4e", "ip-10-0-1-23.ec2.internal", "a/b", "../../etc", "a.-.b", "web one",
        "x..y", "-edge-", "hôte", "0123456789012345678901234567890123456789012345678901234567890123456789"})
    void shellAndJarAgree(String hostname) throws Exception {
        Path script = dir.resolve("setenv.sh");
        Files.writeString(script, SetenvPatch.apply(null).text + "printf '%s' \"$CATALINA_OPTS\"\n");
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", script.toString());
        pb.environment().put("HOSTNAME", hostname);
        pb.environment().put("CATALINA_OPTS", "-Xmx64m");
        Process p = pb.start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).isEqualTo("-Xmx64m -Dcustom.hostname=" + HostNameSanitizer.sanitize(hostname));
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "//"})
    void nothingUsableGivesUnknownHost(String hostname) throws Exception {
        Path script = dir.resolve("setenv.sh");
        Files.writeString(script, SetenvPatch.apply(null).text + "printf '%s' \"$CATALINA_OPTS\"\n");
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", script.toString());
        pb.environment().put("HOSTNAME", hostname);
        pb.environment().remove("CATALINA_OPTS");
        Process p = pb.start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim())
                .isEqualTo("-Dcustom.hostname=unknown-host");
    }
}
