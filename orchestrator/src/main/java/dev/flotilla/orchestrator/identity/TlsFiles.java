package dev.flotilla.orchestrator.identity;

import dev.flotilla.orchestrator.pki.CertificateAuthority;
import dev.flotilla.orchestrator.pki.Pem;
import dev.flotilla.orchestrator.tls.NodeTls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * A node's TLS files in {@code <data-dir>/tls/}: {@code node.key} (0600, never leaves the node), {@code node.crt}
 * (issued by the managers), {@code ca.crt} (the cluster CA certificates it trusts) and, on managers only,
 * {@code ca.key} (0600).
 */
public final class TlsFiles {
    private final Path dir;

    TlsFiles(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    private Path key() {
        return dir.resolve("node.key");
    }

    private Path cert() {
        return dir.resolve("node.crt");
    }

    private Path ca() {
        return dir.resolve("ca.crt");
    }

    private Path caKey() {
        return dir.resolve("ca.key");
    }

    public boolean present() {
        return Files.exists(key()) && Files.exists(cert()) && Files.exists(ca());
    }

    /** @param chain the node's certificate, then the certificate that links it to a root (during a CA rotation) */
    public void saveIdentity(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> cas) throws IOException {
        DataDir.writePrivate(key(), Pem.encode(key));
        DataDir.writePrivate(cert(), Pem.encode(chain));
        saveTrusted(cas);
    }

    /**
     * Saves the roots this node trusts. A root CA key on disk that fits none of them (the init root, once a CA
     * rotation finished) is deleted: the retired root must not be able to issue again.
     */
    public void saveTrusted(List<X509Certificate> cas) throws IOException {
        DataDir.writePrivate(ca(), Pem.encode(cas));
        if (Files.exists(caKey())) {
            PrivateKey key;
            try {
                key = Pem.privateKey(Files.readString(caKey()));
            } catch (IllegalArgumentException e) {
                return; // unreadable: authority() reports it
            }
            if (cas.stream().noneMatch(c -> CertificateAuthority.fits(c, key))) {
                Files.delete(caKey());
            }
        }
    }



    public void saveCaKey(PrivateKey key) throws IOException {
        DataDir.writePrivate(caKey(), Pem.encode(key));
    }

    /**
     * The node's TLS identity. A data dir from a flotilla without TLS has none: it is refused with the way to
     * upgrade, never served in plain text.
     */
    public NodeTls load() throws DataDirException {
        if (!present()) {
            throw new DataDirException("data dir " + dir.getParent() + " has no TLS identity (" + dir + "/node.key,"
                    + " node.crt, ca.crt): it was made by a flotilla without encryption in transit, which this version"
                    + " no longer speaks. To upgrade, create the cluster anew: `flotilla init` on an empty --data-dir"
                    + " and join every node again with the new tokens (the old data dir is left untouched)");
        }
        try {
            List<X509Certificate> chain = Pem.certificates(Files.readString(cert()));
            return new NodeTls(Pem.privateKey(Files.readString(key())), chain, Pem.certificates(Files.readString(ca())));
        } catch (IOException | IllegalArgumentException e) {
            throw new DataDirException("the TLS files in " + dir + " cannot be read (" + e.getMessage() + "); restore"
                    + " them from a backup, or move the data dir away and join this machine again", e);
        }
    }

    /**
     * The cluster CA with its key, on a manager that holds the key: the root made at {@code init}. Roots made by a
     * CA rotation keep their key sealed in the cluster state instead.
     */
    public Optional<CertificateAuthority> authority() throws DataDirException {
        if (!Files.exists(caKey()) || !Files.exists(ca())) {
            return Optional.empty();
        }
        try {
            List<X509Certificate> cas = Pem.certificates(Files.readString(ca()));
            PrivateKey key = Pem.privateKey(Files.readString(caKey()));
            // another root (during or after a CA rotation) keeps its key in the cluster state, not here
            return cas.stream().filter(c -> CertificateAuthority.fits(c, key)).findFirst()
                    .map(c -> CertificateAuthority.of(c, key));
        } catch (IOException | IllegalArgumentException e) {
            throw new DataDirException(caKey() + " cannot be used (" + e.getMessage() + "); a manager gets the CA key"
                    + " again from the others: remove the file and restart this daemon while another manager runs", e);
        }
    }
}
