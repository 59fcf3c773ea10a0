package dev.flotilla.shipper.output.beats;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PKI for TLS tests, made with the JDK's own {@code keytool} (run through ProcessBuilder): a CA, and
 * leaf certificates it signs, exported as PEM; private keys are taken out of keytool's PKCS#12 stores with the
 * KeyStore API and written as PKCS#8 PEM, since keytool cannot export a private key.
 */
final class TestCerts {
    private static final String PASS = "changeit";
    private final Path dir;
    final Path caPem;

    private TestCerts(Path dir) {
        this.dir = dir;
        this.caPem = dir.resolve("ca.pem");
    }

    static TestCerts create(Path dir) throws Exception {
        TestCerts c = new TestCerts(dir);
        c.keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=Flotilla Test CA",
                "-ext", "bc:c", "-validity", "2", "-keystore", c.store("ca").toString(), "-storepass", PASS,
                "-storetype", "PKCS12");
        c.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", c.store("ca").toString(), "-storepass", PASS,
                "-file", c.caPem.toString());
        return c;
    }

    /** A leaf signed by the CA: returns {certificate PEM, key PEM}. {@code san} like "ip:127.0.0.1,dns:localhost". */
    Path[] leaf(String name, String san) throws Exception {
        Path store = store(name);
        keytool("-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + name,
                "-validity", "2", "-keystore", store.toString(), "-storepass", PASS, "-storetype", "PKCS12");
        Path csr = dir.resolve(name + ".csr");
        keytool("-certreq", "-alias", name, "-keystore", store.toString(), "-storepass", PASS, "-file", csr.toString());
        Path cert = dir.resolve(name + ".pem");
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", store("ca").toString(),
                "-storepass", PASS, "-infile", csr.toString(), "-outfile", cert.toString(), "-rfc", "-validity", "2"));
        if (san != null) {
            gencert.addAll(List.of("-ext", "san=" + san));
        }
        keytool(gencert.toArray(new String[0]));
        Path key = dir.resolve(name + ".key");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASS.toCharArray());
        }
        PrivateKey pk = (PrivateKey) ks.getKey(name, PASS.toCharArray());
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pk.getEncoded());
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n");
        return new Path[] {cert, key};
    }

    private Path store(String name) {
        return dir.resolve(name + ".p12");
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }
}
