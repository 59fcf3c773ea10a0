package dev.flotilla.shipper.discovery;

import dev.flotilla.shipper.event.ContainerInfo;
import dev.flotilla.shipper.event.TaskMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each container folder says about itself: {@code container.name} from the folder's name, and the
 * orchestrator's metadata file when it is there. Files are re-read when their modification time changes
 * ({@link #refresh()} runs with every scan), so metadata written after the first log line still arrives.
 */
public final class Containers {
    private static final Logger log = LoggerFactory.getLogger(Containers.class);
    private final Map<Path, Holder> folders = new ConcurrentHashMap<>();

    /** The current info of one folder; {@link #version()} changes whenever the info does. */
    public static final class Holder {
        private final Path folder;
        private volatile ContainerInfo info;
        private volatile int version;
        private volatile long metadataStamp = Long.MIN_VALUE;
        private volatile String lastProblem;

        Holder(Path folder) {
            this.folder = folder;
        }

        public ContainerInfo info() {
            return info;
        }

        public int version() {
            return version;
        }

        void load() {
            FileStat st = FileStat.quietly(folder.resolve(TaskMetadata.FILE_NAME));
            long stamp = st == null ? -1 : st.modifiedMillis() ^ (st.size() << 40);
            if (stamp == metadataStamp && info != null) {
                return;
            }
            metadataStamp = stamp;
            TaskMetadata.Result r = TaskMetadata.read(folder);
            if (r.problem() != null && !r.problem().equals(lastProblem)) {
                log.warn("containers: {}", r.problem());
            }
            lastProblem = r.problem();
            if (!r.info().equals(info)) {
                info = r.info();
                version++;
            }
        }
    }

    public Holder of(Path folder) {
        return folders.computeIfAbsent(folder, f -> {
            Holder h = new Holder(f);
            h.load();
            return h;
        });
    }

    /** Re-reads metadata files that changed; forgets folders that are gone. */
    public void refresh() {
        for (Map.Entry<Path, Holder> e : folders.entrySet()) {
            if (FileStat.quietly(e.getKey()) == null) {
                folders.remove(e.getKey());
            } else {
                e.getValue().load();
            }
        }
    }
}
