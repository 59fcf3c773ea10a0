package dev.flotilla.orchestrator.runtime;

import java.util.List;

/** A local image: its id, the environment it sets ({@code K=V} entries) and the user it runs as ("" for root). */
public record ImageInfo(String id, List<String> env, String user) {
    public ImageInfo {
        env = List.copyOf(env);
        user = user == null ? "" : user;
    }
}
