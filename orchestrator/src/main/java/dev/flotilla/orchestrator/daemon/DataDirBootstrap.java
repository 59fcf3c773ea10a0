package dev.flotilla.orchestrator.daemon;

import dev.flotilla.orchestrator.identity.DataDir;
import dev.flotilla.orchestrator.identity.DataDirException;
import dev.flotilla.orchestrator.leader.LeaderLoops;
import dev.flotilla.orchestrator.state.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Optional;

/** The bootstrap command kept in the data dir until the new cluster's first entry is committed. */
final class DataDirBootstrap implements LeaderLoops.Bootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(DataDirBootstrap.class);
    private final DataDir dir;

    DataDirBootstrap(DataDir dir) {
        this.dir = dir;
    }

    @Override
    public Optional<Command> pending() {
        try {
            return dir.bootstrap();
        } catch (DataDirException e) {
            LOG.error("{}", e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void committed() {
        try {
            dir.deleteBootstrap();
        } catch (IOException e) {
            LOG.warn("could not delete the bootstrap file in {}: {}", dir.root(), e.getMessage());
        }
    }
}
