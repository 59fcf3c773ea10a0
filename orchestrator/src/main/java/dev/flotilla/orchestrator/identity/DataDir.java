package dev.flotilla.orchestrator.identity;

import dev.flotilla.orchestrator.json.Json;
import dev.flotilla.orchestrator.security.ClusterKey;
import dev.flotilla.orchestrator.state.Command;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A node's data directory. Layout: {@code node.json} (identity, 0600), {@code raft/<group-uuid>/} (Ratis storage,
 * managers only), {@code bootstrap.json} (the first command of a new cluster, until it is committed),
 * {@code daemon.lock}, {@code daemon.pid}, {@code daemon.log}. Anything unexpected is reported, never wiped; old
 * data is moved aside into {@code archive/}.
 */
public final class DataDir {
    private static final List<String> OURS = List.of("node.json", "raft", "bootstrap.json", "daemon.lock", "daemon.pid",
            "daemon.log", "archive", "cluster.key", "tls");
    private final Path root;

    public DataDir(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path raftDir() {
        return root.resolve("raft");
    }

    public Path logFile() {
        return root.resolve("daemon.log");
    }

    public Path pidFile() {
        return root.resolve("daemon.pid");
    }

    /** The node's TLS key, certificate and trusted CA (and a manager's CA key). */
    public TlsFiles tls() {
        return new TlsFiles(root.resolve("tls"));
    }

    private Path nodeFile() {
        return root.resolve("node.json");
    }

    private Path keyFile() {
        return root.resolve("cluster.key");
    }

    /** The managers' cluster key, when this node has one (managers only; 0600). */
    public Optional<ClusterKey> clusterKey() throws DataDirException {
        if (!Files.exists(keyFile())) {
            return Optional.empty();
        }
        try {
            return Optional.of(ClusterKey.decode(Files.readString(keyFile())));
        } catch (IOException | IllegalArgumentException e) {
            throw new DataDirException(keyFile() + " cannot be read (" + e.getMessage() + "); a manager can get the"
                    + " key again: remove the file and restart this daemon while another manager runs");
        }
    }

    public void saveClusterKey(ClusterKey key) throws IOException {
        writePrivate(keyFile(), key.encoded() + "\n");
    }

    public boolean hasIdentity() {
        return Files.exists(nodeFile());
    }

    /** For init and join: the directory must be absent, empty, or hold only a log from an earlier attempt. */
    public void requireFreshForNewNode(String command) throws DataDirException {
        if (hasIdentity()) {
            NodeIdentity id = load();
            throw new DataDirException("data dir " + root + " already holds node " + id.nodeId() + " (" + id.hostname()
                    + ") of cluster " + id.clusterId() + ". Restart it with `flotilla daemon --data-dir " + root + "`,"
                    + (command.equals("init") ? " recover a lost majority with `flotilla init --force-new-cluster --data-dir "
                    + root + "`," : "") + " or pick an empty --data-dir");
        }
        List<String> leftovers = List.of("daemon.log", "archive", "daemon.lock", "daemon.pid");
        List<String> foreign = entries().stream().filter(n -> !leftovers.contains(n)).toList();
        if (!foreign.isEmpty()) {
            throw new DataDirException("data dir " + root + " is not empty and is not a flotilla data dir (found "
                    + String.join(", ", foreign.subList(0, Math.min(5, foreign.size()))) + "). Pick an empty --data-dir;"
                    + " nothing was changed");
        }
    }

    /** Reads node.json with errors that say what is wrong with it. */
    public NodeIdentity load() throws DataDirException {
        if (!Files.isDirectory(root)) {
            throw new DataDirException("data dir " + root + " does not exist. Start a node with `flotilla init` or"
                    + " `flotilla join` first, or pass the right --data-dir");
        }
        if (!hasIdentity()) {
            List<String> names = entries();
            throw new DataDirException("data dir " + root + " holds no flotilla node (no node.json"
                    + (names.isEmpty() ? ", the directory is empty" : "; found " + String.join(", ", names)) + ")."
                    + " Start a node with `flotilla init` or `flotilla join`, or pass the right --data-dir");
        }
        NodeIdentity id;
        try {
            id = Json.read(Files.readAllBytes(nodeFile()), NodeIdentity.class);
        } catch (IOException | RuntimeException e) {
            throw new DataDirException(nodeFile() + " is corrupt (" + (e instanceof IOException io ? Json.problem(io)
                    : e.getMessage()) + "). Restore it from a backup, or move " + root + " away and join this machine"
                    + " again; nothing was deleted", e);
        }
        if (!NodeIdentity.FORMAT.equals(id.format())) {
            throw new DataDirException(nodeFile() + " has format '" + id.format() + "', expected " + NodeIdentity.FORMAT
                    + ": this data dir was not written by this version of flotilla");
        }
        checkRaftStorage(id);
        return id;
    }

    /** The Raft storage must belong to this node's group: a mix-up of data dirs is refused, not repaired. */
    private void checkRaftStorage(NodeIdentity id) throws DataDirException {
        if (!Files.isDirectory(raftDir())) {
            return;
        }
        List<String> groups = list(raftDir()).stream().filter(n -> !n.equals("in_use.lock")).toList();
        List<String> others = groups.stream().filter(g -> !g.equals(id.raftGroupId())).toList();
        if (!others.isEmpty()) {
            throw new DataDirException(raftDir() + " holds Raft group " + String.join(", ", others) + " but node "
                    + id.nodeId() + " belongs to group " + id.raftGroupId() + ": this data dir was mixed with another"
                    + " cluster's. Restore the right directory; nothing was deleted");
        }
    }

    public boolean hasRaftStorage(String groupId) {
        Path g = raftDir().resolve(groupId);
        return Files.isDirectory(g) && !list(g).isEmpty();
    }

    public void save(NodeIdentity id) throws IOException {
        writePrivate(nodeFile(), Json.pretty(id));
    }

    public void writeBootstrap(Command command) throws IOException {
        writePrivate(root.resolve("bootstrap.json"), Json.text(command));
    }

    public Optional<Command> bootstrap() throws DataDirException {
        Path f = root.resolve("bootstrap.json");
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.read(Files.readAllBytes(f), Command.class));
        } catch (IOException e) {
            throw new DataDirException(f + " is corrupt (" + Json.problem(e) + "); run `flotilla init` again with an"
                    + " empty --data-dir", e);
        }
    }

    public void deleteBootstrap() throws IOException {
        Files.deleteIfExists(root.resolve("bootstrap.json"));
    }

    /** Moves {@code what} (e.g. "raft" or "node.json") into archive/<timestamp>-<reason>/ and returns where it went. */
    public Path archive(String what, String reason) throws IOException {
        Path src = root.resolve(what);
        if (!Files.exists(src)) {
            return null;
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
        Path dest = root.resolve("archive").resolve(stamp + "-" + reason).resolve(what);
        Files.createDirectories(dest.getParent());
        Files.move(src, dest);
        return dest;
    }

    /** An exclusive lock held while a daemon runs on this directory. */
    public AutoCloseable lock() throws DataDirException {
        try {
            Files.createDirectories(root);
            FileChannel ch = FileChannel.open(root.resolve("daemon.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                ch.close();
                throw new DataDirException("another flotilla daemon is running on data dir " + root + " (see "
                        + pidFile() + "); stop it first or pick another --data-dir");
            }
            FileLock held = lock;
            return () -> {
                held.release();
                ch.close();
            };
        } catch (IOException e) {
            throw new DataDirException("cannot lock data dir " + root + ": " + e.getMessage(), e);
        }
    }

    public boolean isOurs(String name) {
        return OURS.contains(name);
    }

    private List<String> entries() {
        return Files.isDirectory(root) ? list(root) : List.of();
    }

    private static List<String> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of("<unreadable: " + e.getMessage() + ">");
        }
    }

    /** Writes a file readable only by its owner, atomically. */
    public static void writePrivate(Path file, String content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, content);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
