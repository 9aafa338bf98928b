package io.berth.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.berth.common.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small token server for docker-registry's {@code auth: token}: {@code GET /token?service=&scope=}
 * with Basic credentials answers a JWT (RS256, signed with the test CA's key, the CA certificate in
 * {@code x5c}) granting the asked actions to the right user, and no access to anyone else. As
 * Docker Hub's auth server does, anonymous requests get a token with no access, wrong credentials a 401.
 */
final class TokenServer {
    static final String SERVICE = "berth-test-registry";
    static final String ISSUER = "berth-test-issuer";

    private final HttpServer server;
    private final String user;
    private final String password;
    private final PrivateKey key;
    private final String x5c;
    private final AtomicInteger issued = new AtomicInteger();

    TokenServer(Path caCert, Path caKey, String user, String password) throws Exception {
        this.user = user;
        this.password = password;
        String pem = Files.readString(caKey);
        String body = pem.substring(pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27, pem.indexOf("-----END PRIVATE KEY-----"));
        this.key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(body)));
        try (var in = Files.newInputStream(caCert)) {
            this.x5c = Base64.getEncoder().encodeToString(CertificateFactory.getInstance("X.509").generateCertificate(in)
                    .getEncoded());
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/token", this::token);
        server.start();
    }

    String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    int issued() {
        return issued.get();
    }

    void stop() {
        server.stop(0);
    }

    private void token(HttpExchange ex) throws IOException {
        try (ex) {
            String authorization = ex.getRequestHeaders().getFirst("Authorization");
            String subject = "";
            if (authorization != null) {
                String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8));
                if (!authorization.equals(expected)) {
                    byte[] reply = "{\"details\":\"incorrect username or password\"}".getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(401, reply.length);
                    ex.getResponseBody().write(reply);
                    return;
                }
                subject = user;
            }
            var access = new ArrayList<Map<String, Object>>();
            String query = ex.getRequestURI().getRawQuery();
            for (String pair : query == null ? new String[0] : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq < 0 || !pair.substring(0, eq).equals("scope")) {
                    continue;
                }
                String[] scope = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).split(":");
                if (scope.length == 3 && !subject.isEmpty()) {
                    var entry = new LinkedHashMap<String, Object>();
                    entry.put("type", scope[0]);
                    entry.put("name", scope[1]);
                    entry.put("actions", List.of(scope[2].split(",")));
                    access.add(entry);
                }
            }
            String jwt = sign(subject, access);
            issued.incrementAndGet();
            byte[] reply = Json.writeBytes(Map.of("token", jwt, "access_token", jwt, "expires_in", 300,
                    "issued_at", Instant.now().toString()));
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, reply.length);
            ex.getResponseBody().write(reply);
        } catch (Exception e) {
            ex.sendResponseHeaders(500, -1);
        }
    }

    private String sign(String subject, List<Map<String, Object>> access) throws Exception {
        var encoder = Base64.getUrlEncoder().withoutPadding();
        var header = new LinkedHashMap<String, Object>();
        header.put("typ", "JWT");
        header.put("alg", "RS256");
        header.put("x5c", List.of(x5c));
        long now = Instant.now().getEpochSecond();
        var claims = new LinkedHashMap<String, Object>();
        claims.put("iss", ISSUER);
        claims.put("sub", subject);
        claims.put("aud", SERVICE);
        claims.put("exp", now + 300);
        claims.put("nbf", now - 10);
        claims.put("iat", now);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("access", access);
        String signingInput = encoder.encodeToString(Json.writeBytes(header)) + "." + encoder.encodeToString(Json.writeBytes(claims));
        var signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + encoder.encodeToString(signature.sign());
    }
}
