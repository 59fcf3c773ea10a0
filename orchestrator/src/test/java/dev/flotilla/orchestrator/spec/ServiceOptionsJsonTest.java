package dev.flotilla.orchestrator.spec;

import dev.flotilla.orchestrator.json.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI posts these records to a manager as JSON. Their fields stay flat, as before they were split into
 * settings and lists, so a CLI and a manager of different versions still understand each other.
 */
class ServiceOptionsJsonTest {
    private final ObjectMapper mapper = Json.mapper();

    @Test
    void createOptionsAreFlatAndRoundTrip() throws Exception {
        ServiceOptions o = ServiceOptions.builder("web", "img:1").command("run").mode("replicated").replicas("3")
                .reserveCpu("1.5").limitMemory("512m").stopGracePeriod("1m30s").hostname("h").publish("8080:80")
                .env("A=1").label("k=v").constraint("node.role==worker").mount("type=bind,src=/s,dst=/d").build();
        String json = mapper.writeValueAsString(o);
        assertThat(json).contains("\"replicas\":\"3\"", "\"reserveCpu\":\"1.5\"", "\"stopGracePeriod\":\"1m30s\"",
                "\"publish\":[\"8080:80\"]", "\"env\":[\"A=1\"]").doesNotContain("settings", "lists");
        assertThat(mapper.readValue(json, ServiceOptions.class)).isEqualTo(o);
        assertThat(new ObjectMapper().readValue(new ObjectMapper().writeValueAsString(o), ServiceOptions.class))
                .isEqualTo(o);
    }

    @Test
    void updateOptionsAreFlatAndRoundTrip() throws Exception {
        ServiceUpdateOptions u = ServiceUpdateOptions.builder().image("img:2").replicas("5").logDir("")
                .envAdd("A=2").envRm("B").publishAdd("9090:80").publishRm("8080").mountRm("/d").labelAdd("k=w")
                .constraintRm("node.role==worker").force(true).build();
        String json = mapper.writeValueAsString(u);
        assertThat(json).contains("\"image\":\"img:2\"", "\"replicas\":\"5\"", "\"logDir\":\"\"",
                "\"envAdd\":[\"A=2\"]", "\"envRm\":[\"B\"]", "\"publishRm\":[\"8080\"]", "\"mountRm\":[\"/d\"]",
                "\"force\":true").doesNotContain("settings", "\"add\"", "\"remove\"");
        assertThat(mapper.readValue(json, ServiceUpdateOptions.class)).isEqualTo(u);
    }

    @Test
    void readsWhatAnOlderCliSends() throws Exception {
        String older = "{\"name\":\"web\",\"image\":\"img:1\",\"command\":[],\"mode\":null,\"replicas\":\"2\","
                + "\"maxReplicasPerNode\":null,\"publish\":[\"80:80\"],\"mount\":[],\"env\":[],\"label\":[],"
                + "\"constraint\":[],\"reserveCpu\":null,\"reserveMemory\":\"1g\",\"limitCpu\":null,"
                + "\"limitMemory\":null,\"stopGracePeriod\":null,\"hostname\":null,\"logDir\":null,"
                + "\"updateParallelism\":null,\"updateDelay\":\"5s\"}";
        assertThat(mapper.readValue(older, ServiceOptions.class)).isEqualTo(ServiceOptions.builder("web", "img:1")
                .replicas("2").publish("80:80").reserveMemory("1g").updateDelay("5s").build());
        String olderUpdate = "{\"image\":null,\"envAdd\":[\"A=1\"],\"envRm\":[],\"labelAdd\":[],\"labelRm\":[\"x\"],"
                + "\"constraintAdd\":[],\"constraintRm\":[],\"publishAdd\":[],\"publishRm\":[],\"mountAdd\":[],"
                + "\"mountRm\":[],\"replicas\":\"4\",\"hostname\":\"\",\"force\":false}";
        assertThat(mapper.readValue(olderUpdate, ServiceUpdateOptions.class)).isEqualTo(ServiceUpdateOptions.builder()
                .envAdd("A=1").labelRm("x").replicas("4").hostname("").build());
    }
}
