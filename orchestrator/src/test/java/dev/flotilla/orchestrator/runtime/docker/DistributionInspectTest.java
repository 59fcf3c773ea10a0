package dev.flotilla.orchestrator.runtime.docker;

import dev.flotilla.orchestrator.json.Json;
import dev.flotilla.orchestrator.runtime.RegistryAuth;
import dev.flotilla.orchestrator.runtime.RuntimeFailure;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The engine's distribution inspect, without an engine: the credential header, the reply and the refusals. */
class DistributionInspectTest {

    private static JsonNode decoded(String header) throws Exception {
        return Json.tree(Base64.getUrlDecoder().decode(header));
    }

    @Test
    void theCredentialGoesAsDockersBase64UrlJson() throws Exception {
        JsonNode user = decoded(DistributionInspect.authHeader(new RegistryAuth("127.0.0.1:5001", "ci", "p?>~/+")));
        assertThat(user.path("username").asText()).isEqualTo("ci");
        assertThat(user.path("password").asText()).isEqualTo("p?>~/+");
        assertThat(user.path("serveraddress").asText()).isEqualTo("127.0.0.1:5001");
        JsonNode token = decoded(DistributionInspect.authHeader(new RegistryAuth("docker.io", "", "tok")));
        assertThat(token.path("identitytoken").asText()).isEqualTo("tok");
        assertThat(token.has("username")).isFalse();
    }

    @Test
    void theDigestIsTheDescriptorsAndMustLookLikeOne() throws RuntimeFailure {
        String digest = "sha256:" + "a".repeat(64);
        byte[] reply = ("{\"Descriptor\":{\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"digest\":\"" + digest + "\",\"size\":528},\"Platforms\":[{\"architecture\":\"amd64\",\"os\":\"linux\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(DistributionInspect.digestOf(reply)).isEqualTo(digest);
        assertThatThrownBy(() -> DistributionInspect.digestOf("{\"Descriptor\":{}}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(RuntimeFailure.class).hasMessageContaining("names no digest");
    }

    @Test
    void aRefusalIsTheEnginesMessageOnOneLine() {
        byte[] unauthorized = "{\"message\":\"errors:\\nunauthorized: authentication required\\n\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(DistributionInspect.reason(401, unauthorized)).isEqualTo("errors:; unauthorized: authentication required");
        assertThat(DistributionInspect.reason(500, new byte[0])).isEqualTo("the engine answered HTTP 500");
    }
}
