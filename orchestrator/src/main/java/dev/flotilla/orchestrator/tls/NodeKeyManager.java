package dev.flotilla.orchestrator.tls;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Presents the node's current key and certificate in every handshake. A renewed certificate replaces the old one
 * in place, so servers and clients built on this manager use it from their next handshake, without a restart.
 */
final class NodeKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "node";

    private record Current(PrivateKey key, X509Certificate[] chain, long generation) {
    }

    private volatile Current current;

    NodeKeyManager(PrivateKey key, List<X509Certificate> chain) {
        replace(key, chain);
    }

    synchronized void replace(PrivateKey key, List<X509Certificate> chain) {
        if (key == null || chain == null || chain.isEmpty()) {
            throw new IllegalArgumentException("a node's TLS identity needs its key and certificate");
        }
        Current before = current;
        current = new Current(key, chain.toArray(X509Certificate[]::new), before == null ? 0 : before.generation() + 1);
    }

    /** Counts the replacements: clients start new connections (and TLS sessions) when it changes. */
    long generation() {
        return current.generation();
    }

    List<X509Certificate> chain() {
        return List.of(current.chain());
    }

    X509Certificate leaf() {
        return current.chain()[0];
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return new String[]{ALIAS};
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return ALIAS;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return new String[]{ALIAS};
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return matches(keyType) ? ALIAS : null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return ALIAS;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return matches(keyType) ? ALIAS : null;
    }

    private boolean matches(String keyType) {
        return keyType == null || keyType.startsWith(current.key().getAlgorithm());
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? current.chain().clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? current.key() : null;
    }
}
