package dev.flotilla.tomcat.hostname;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostNameSanitizerTest {
    @ParameterizedTest(name = "[{index}] ''{0}'' -> ''{1}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "3f2a9c1b7d4e        | 3f2a9c1b7d4e",
        "ip-10-0-1-23.ec2.internal | ip-10-0-1-23.ec2.internal",
        "web_1               | web_1",
        "a/b                 | a-b",
        "a\\b                | a-b",
        "../../etc/passwd    | etc-passwd",
        "..                  | \"\"",
        "a..b                | a.b",
        "a.-.b               | a-b",
        "\" host \"          | host",
        "hôte                | h-te",
        "-leading-and-trailing- | leading-and-trailing",
    })
    void makesFolderSafeNames(String raw, String expected) {
        assertThat(HostNameSanitizer.sanitize(raw)).isEqualTo(expected);
    }

    @Test
    void controlCharactersAndNullBecomeSafe() {
        assertThat(HostNameSanitizer.sanitize("web\n1\u0000")).isEqualTo("web-1");
        assertThat(HostNameSanitizer.sanitize(null)).isEmpty();
    }

    @Test
    void boundsTheLength() {
        String s = HostNameSanitizer.sanitize("x".repeat(300));
        assertThat(s).hasSize(HostNameSanitizer.MAX_LENGTH);
    }

    @Test
    void anyInputGivesASafeStableName() {
        Random random = new Random(42);
        String alphabet = "ab./\\-_.. \t\n\u0001é0Z";
        for (int n = 0; n < 5000; n++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(90);
            for (int i = 0; i < len; i++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String safe = HostNameSanitizer.sanitize(sb.toString());
            assertThat(safe).as("from %s", sb).matches("[A-Za-z0-9._-]*").doesNotContain("..")
                    .doesNotStartWith(".").doesNotStartWith("-").doesNotEndWith(".").doesNotEndWith("-");
            assertThat(safe.length()).isLessThanOrEqualTo(HostNameSanitizer.MAX_LENGTH);
            assertThat(HostNameSanitizer.sanitize(safe)).as("stable for %s", sb).isEqualTo(safe);
        }
    }
}
