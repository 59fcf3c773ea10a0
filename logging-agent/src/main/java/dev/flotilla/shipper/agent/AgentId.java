package dev.flotilla.shipper.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/** {@code agent.id}: made once and kept next to the registry, so it survives restarts. */
final class AgentId {
    static final String FILE = "agent-id";

    private AgentId() {
    }

    static String load(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        if (Files.exists(f)) {
            String id = Files.readString(f, StandardCharsets.UTF_8).trim();
            if (id.matches("[0-9a-f-]{36}")) {
                return id;
            }
        }
        String id = UUID.randomUUID().toString();
        Path tmp = dir.resolve(FILE + ".tmp");
        Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return id;
    }
}
