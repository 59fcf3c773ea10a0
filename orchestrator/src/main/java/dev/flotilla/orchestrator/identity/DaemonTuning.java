package dev.flotilla.orchestrator.identity;

import dev.flotilla.orchestrator.spec.Addresses;
import dev.flotilla.orchestrator.raft.RaftSettings;

import java.time.Duration;

/**
 * Per-node settings that survive a restart.
 *
 * @param nanoCpus    CPU the node offers, or 0 to read it from the OS ({@code --cpus})
 * @param memoryBytes memory the node offers, or 0 to read it from the OS ({@code --memory})
 * @param uiAddress   {@code --ui-addr}: HOST:PORT of the visualizer while the node is a manager, {@link #UI_OFF}, or
 *                    "" for the default (the advertise host, port {@link #DEFAULT_UI_PORT}); "" in identities
 *                    written before the flag existed
 */
public record DaemonTuning(long nanoCpus, long memoryBytes, long electionMinMillis, long electionMaxMillis,
                           String uiAddress) {
    public static final String UI_OFF = "none";
    public static final int DEFAULT_UI_PORT = 5000;

    public DaemonTuning {
        uiAddress = uiAddress == null ? "" : uiAddress;
    }

    public DaemonTuning(long nanoCpus, long memoryBytes, long electionMinMillis, long electionMaxMillis) {
        this(nanoCpus, memoryBytes, electionMinMillis, electionMaxMillis, "");
    }

    public static DaemonTuning defaults() {
        return new DaemonTuning(0, 0, RaftSettings.DEFAULT_ELECTION_MIN.toMillis(), RaftSettings.DEFAULT_ELECTION_MAX.toMillis());
    }

    public DaemonTuning withUiAddress(String address) {
        return new DaemonTuning(nanoCpus, memoryBytes, electionMinMillis, electionMaxMillis, address);
    }

    /** The visualizer's HOST:PORT for a node advertising {@code apiAddress}, or empty when it is turned off. */
    public java.util.Optional<String> visualizer(String apiAddress) {
        if (UI_OFF.equals(uiAddress)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(uiAddress.isEmpty()
                ? Addresses.join(Addresses.host(apiAddress), DEFAULT_UI_PORT) : uiAddress);
    }

    /**
     * Checks a {@code --ui-addr} value: {@code none}, HOST or HOST:PORT (port {@link #DEFAULT_UI_PORT} when left
     * out); returns it normalized.
     */
    public static String parseUiAddress(String text) {
        if (text == null) {
            return "";
        }
        if (text.trim().equalsIgnoreCase(UI_OFF)) {
            return UI_OFF;
        }
        try {
            return Addresses.withDefaultPort(text, DEFAULT_UI_PORT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid --ui-addr '" + text + "': " + e.getMessage()
                    + "; write HOST:PORT (like 10.0.0.1:5000), or none to serve no visualizer");
        }
    }

    public RaftSettings raftSettings() {
        return RaftSettings.defaults().withElectionTimeout(Duration.ofMillis(electionMinMillis),
                Duration.ofMillis(electionMaxMillis));
    }
}
