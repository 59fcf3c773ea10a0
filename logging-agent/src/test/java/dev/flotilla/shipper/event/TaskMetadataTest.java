package dev.flotilla.shipper.event;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TaskMetadataTest {
    @Test
    void readsTheOrchestratorsFile(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectory(dir.resolve("web-1-k3x9"));
        Files.writeString(folder.resolve(TaskMetadata.FILE_NAME),
                "{\"service\":\"web\",\"task_id\":\"k3x9\",\"slot\":1,\"node\":\"node1\",\"image\":\"reg/web:0.1\",\"future\":true}");
        TaskMetadata.Result r = TaskMetadata.read(folder);
        assertThat(r.problem()).isNull();
        assertThat(r.info()).isEqualTo(new ContainerInfo("web-1-k3x9", "web", "k3x9", 1, "node1", "reg/web:0.1"));
    }

    @Test
    void missingFileMeansFolderNameOnly(@TempDir Path dir) {
        TaskMetadata.Result r = TaskMetadata.read(dir);
        assertThat(r.problem()).isNull();
        assertThat(r.info()).isEqualTo(ContainerInfo.named(dir.getFileName().toString()));
    }

    @Test
    void badFilesAreReportedAndIgnored() {
        assertThat(TaskMetadata.parse("c", "{not json".getBytes(StandardCharsets.UTF_8), "f").problem()).contains("not valid JSON");
        assertThat(TaskMetadata.parse("c", "[1]".getBytes(StandardCharsets.UTF_8), "f").problem()).contains("must hold a JSON object");
        TaskMetadata.Result slot = TaskMetadata.parse("c", "{\"service\":\"s\",\"slot\":\"two\"}".getBytes(StandardCharsets.UTF_8), "f");
        assertThat(slot.problem()).contains("slot must be a whole number");
        assertThat(slot.info().service()).isEqualTo("s");
        assertThat(slot.info().slot()).isNull();
    }
}
