package dev.flotilla.shipper.discovery;

/** Where discovery reports every file an input matches, on every scan and every folder event. */
@FunctionalInterface
public interface FileSink {
    void offer(InputRuntime input, FileStat stat);
}
