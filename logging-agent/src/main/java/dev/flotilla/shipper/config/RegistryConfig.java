package dev.flotilla.shipper.config;

import java.nio.file.Path;
import java.time.Duration;

/** {@code registry}: where acknowledged offsets are kept, and how often they are synced to disk. */
public record RegistryConfig(Path path, Duration flush) {
    public static final Path DEFAULT_PATH = Path.of("data", "registry");
    public static final Duration DEFAULT_FLUSH = Duration.ofSeconds(1);
}
