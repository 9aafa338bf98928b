package io.berth.image.registry;

import io.berth.common.InvalidArgumentException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS settings of one registry host, read as Docker reads {@code /etc/docker/certs.d/HOST:PORT/}:
 * every {@code *.crt} is a CA trusted on top of the system's, and each {@code NAME.cert} with its
 * {@code NAME.key} (PEM, PKCS#8) is a client certificate. An insecure registry's certificate is
 * not verified at all (Docker's {@code InsecureSkipVerify}).
 */
final class RegistryTls {
    private RegistryTls() {}

    /** A signature of the directory's files (names, sizes, times): the context is rebuilt when it changes. */
    static String signature(Path dir) {
        if (!Files.isDirectory(dir)) {
            return "-";
        }
        try (Stream<Path> files = Files.list(dir)) {
            var sb = new StringBuilder();
            files.sorted().forEach(f -> {
                try {
                    sb.append(f.getFileName()).append(':').append(Files.size(f)).append(':')
                            .append(Files.getLastModifiedTime(f).toMillis()).append(';');
                } catch (IOException e) {
                    sb.append(f.getFileName()).append(":?;");
                }
            });
            return sb.toString();
        } catch (IOException e) {
            return "?";
        }
    }

    /** The SSL context for a host whose certs.d directory is {@code dir} (which may not exist). */
    static SSLContext context(Path dir, boolean insecure) {
        try {
            var extraCas = new ArrayList<X509Certificate>();
            KeyManagerFactory keys = null;
            if (Files.isDirectory(dir)) {
                List<Path> files;
                try (Stream<Path> list = Files.list(dir)) {
                    files = list.sorted().toList();
                }
                for (Path f : files) {
                    String name = f.getFileName().toString();
                    if (name.endsWith(".crt")) {
                        extraCas.addAll(certificates(f));
                    } else if (name.endsWith(".cert")) {
                        Path key = dir.resolve(name.substring(0, name.length() - ".cert".length()) + ".key");
                        if (!Files.exists(key)) {
                            throw new InvalidArgumentException("missing key " + key.getFileName() + " for client certificate "
                                    + name + " in " + dir);
                        }
                        if (keys == null) {
                            var store = KeyStore.getInstance("PKCS12");
                            store.load(null, null);
                            store.setKeyEntry("client", privateKey(key), new char[0],
                                    certificates(f).toArray(Certificate[]::new));
                            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                            keys.init(store, new char[0]);
                        }
                    } else if (name.endsWith(".key")) {
                        Path cert = dir.resolve(name.substring(0, name.length() - ".key".length()) + ".cert");
                        if (!Files.exists(cert)) {
                            throw new InvalidArgumentException("missing client certificate " + cert.getFileName()
                                    + " for key " + name + " in " + dir);
                        }
                    }
                }
            }
            TrustManager trust = insecure ? new TrustAll() : trust(extraCas);
            var context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), new TrustManager[] {trust}, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new InvalidArgumentException("invalid TLS configuration in " + dir + ": " + e.getMessage());
        }
    }

    private static List<X509Certificate> certificates(Path file) throws IOException, CertificateException {
        var out = new ArrayList<X509Certificate>();
        for (Certificate c : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            out.add((X509Certificate) c);
        }
        if (out.isEmpty()) {
            throw new CertificateException("no certificate in " + file.getFileName());
        }
        return out;
    }

    private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")) {
            throw new GeneralSecurityException(file.getFileName() + " is a PKCS#1/SEC1 key: convert it with"
                    + " `openssl pkcs8 -topk8 -nocrypt -in " + file.getFileName() + "`");
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new GeneralSecurityException("no unencrypted PKCS#8 private key in " + file.getFileName());
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end));
        var spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // the next algorithm
            }
        }
        throw new GeneralSecurityException("unsupported private key in " + file.getFileName());
    }

    /** The system's trust store, plus {@code extra}. */
    private static X509TrustManager trust(List<X509Certificate> extra) throws GeneralSecurityException, IOException {
        var system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        system.init((KeyStore) null);
        if (extra.isEmpty()) {
            return (X509TrustManager) system.getTrustManagers()[0];
        }
        var store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (X509Certificate c : ((X509TrustManager) system.getTrustManagers()[0]).getAcceptedIssuers()) {
            store.setCertificateEntry("system-" + i++, c);
        }
        for (X509Certificate c : extra) {
            store.setCertificateEntry("certs.d-" + i++, c);
        }
        var combined = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        combined.init(store);
        return (X509TrustManager) combined.getTrustManagers()[0];
    }

    /** Trusts any server certificate: only for registries named insecure. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
