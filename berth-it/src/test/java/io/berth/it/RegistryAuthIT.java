package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.common.AtomicFiles;
import io.berth.common.Json;
import io.berth.testing.BerthdExtension;
import io.berth.testing.LocalRegistry;
import io.berth.testing.RequiresRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Login, credentials and TLS against a real registry: Debian's docker-registry serving HTTPS with a
 * CA the test makes and htpasswd (bcrypt) credentials. berthd reads its certificates from a
 * certs.d directory of the test's own ({@code --registry-certs-dir}; the host's /etc/docker is never
 * touched); the CLI's config.json lives in a temp DOCKER_CONFIG.
 */
@RequiresRoot
class RegistryAuthIT {
    private static final String USER = "berth";
    private static final String PASSWORD = "s3cret-pw";
    private static final Path CERTS = tempDir("berth-certs-d-");

    @RegisterExtension
    static final LocalRegistry secure = LocalRegistry.withTlsAndHtpasswd(USER, PASSWORD);

    @RegisterExtension
    static final LocalRegistry mutual = LocalRegistry.withTlsAndHtpasswd(USER, PASSWORD).requiringClientCertificates();

    @RegisterExtension
    static final LocalRegistry tokens = LocalRegistry.withTokenAuth(USER, PASSWORD);

    @RegisterExtension
    static final BerthdExtension berthd = BerthdExtension.onTempDataRoot("--registry-certs-dir", CERTS.toString());

    @BeforeAll
    static void image() {
        berthd.bootstrapBusybox();
    }

    @AfterAll
    static void cleanUp() {
        AtomicFiles.deleteTree(CERTS);
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(Path.of("/tmp"), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String ref(LocalRegistry registry, String rest) {
        return registry.host() + "/" + rest;
    }

    @Test
    void tlsWithTheCaOfCertsDThenLoginPushPullAndLogout() throws Exception {
        Path config = tempDir("berth-docker-config-");
        var env = Map.of("DOCKER_CONFIG", config.toString());
        String image = ref(secure, "auth/busybox:1");
        try {
            // no certs.d directory: 127.0.0.1 is insecure by default; the registry answers plain HTTP as a TLS
            // server does, so it is reached over HTTPS without checking its certificate (as Docker does)
            var plain = berthd.berthProcessWithEnv(env, null, "pull", image);
            var insecureLogin = berthd.client().images().login(USER, PASSWORD, secure.host());
            // a certs.d directory whose CA did not sign the registry's certificate
            Path dir = CERTS.resolve(secure.host());
            Files.createDirectories(dir);
            Files.copy(secure.clientCert(), dir.resolve("ca.crt"));
            var untrusted = berthd.berthProcessWithEnv(env, null, "pull", image);
            secure.installCertificates(CERTS);
            var anonymous = berthd.berthProcessWithEnv(env, null, "pull", image);
            var wrong = berthd.berthProcessWithEnv(env, "nope\n", "login", "-u", USER, "--password-stdin", secure.host());
            var login = berthd.berthProcessWithEnv(env, PASSWORD + "\n", "login", "-u", USER, "--password-stdin", secure.host());
            JsonNode stored = Json.tree(Files.readAllBytes(config.resolve("config.json")));
            String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(config.resolve("config.json")));

            berthd.berth("tag", "busybox", image);
            var push = berthd.berthProcessWithEnv(env, null, "push", image);
            berthd.berth("rmi", image);
            var pull = berthd.berthProcessWithEnv(env, null, "pull", image);
            var run = berthd.berth("run", "--rm", image, "echo", "over-tls");
            var again = berthd.berthProcessWithEnv(env, null, "login", secure.host());
            var logout = berthd.berthProcessWithEnv(env, null, "logout", secure.host());
            var logoutAgain = berthd.berthProcessWithEnv(env, null, "logout", secure.host());
            JsonNode after = Json.tree(Files.readAllBytes(config.resolve("config.json")));
            var afterLogout = berthd.berthProcessWithEnv(env, null, "push", image);

            assertThat(plain.exitCode()).isNotZero();
            assertThat(plain.err()).contains("pull access denied for " + secure.host() + "/auth/busybox");
            assertThat(insecureLogin.path("Status").asText()).isEqualTo("Login Succeeded");
            assertThat(untrusted.exitCode()).isNotZero();
            assertThat(untrusted.err()).contains("https://" + secure.host() + "/v2/",
                    "x509: certificate signed by unknown authority");
            assertThat(anonymous.exitCode()).isNotZero();
            assertThat(anonymous.err()).contains("Error response from daemon: pull access denied for " + secure.host()
                    + "/auth/busybox, repository does not exist or may require 'docker login'");
            assertThat(wrong.exitCode()).isEqualTo(1);
            assertThat(wrong.err()).contains("Error response from daemon: login attempt to https://" + secure.host()
                    + "/v2/ failed with status: 401 Unauthorized");
            assertThat(login.exitCode()).as(login.err()).isZero();
            assertThat(login.out()).isEqualTo("Login Succeeded\n");
            assertThat(login.err()).contains("WARNING! Your password will be stored unencrypted in "
                    + config.resolve("config.json") + ".");
            assertThat(stored.path("auths").path(secure.host()).path("auth").asText())
                    .isEqualTo(Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
            assertThat(mode).isEqualTo("rw-------");
            assertThat(push.exitCode()).as(push.err()).isZero();
            assertThat(push.out()).containsPattern("1: digest: sha256:[a-f0-9]{64} size: \\d+");
            assertThat(pull.exitCode()).as(pull.err()).isZero();
            assertThat(pull.out()).contains("Status: Downloaded newer image for " + image);
            assertThat(run.out()).isEqualTo("over-tls\n");
            assertThat(again.out()).isEqualTo("Authenticating with existing credentials...\nLogin Succeeded\n");
            assertThat(logout.out()).isEqualTo("Removing login credentials for " + secure.host() + "\n");
            assertThat(logoutAgain.out()).isEqualTo("Not logged in to " + secure.host() + "\n");
            assertThat(after.path("auths").has(secure.host())).isFalse();
            assertThat(afterLogout.exitCode()).isNotZero();
        } finally {
            AtomicFiles.deleteTree(config);
            AtomicFiles.deleteTree(CERTS.resolve(secure.host()));
        }
    }

    @Test
    void theDockerCliLogsInThroughBerthdAndPullsWithItsCredentials() throws Exception {
        secure.installCertificates(CERTS);
        String image = ref(secure, "docker/busybox:2");
        try {
            berthd.docker("tag", "busybox", image);
            var denied = berthd.docker("push", image);
            var wrong = berthd.dockerWithInput("bad\n", "login", "-u", USER, "--password-stdin", secure.host());
            var login = berthd.dockerWithInput(PASSWORD + "\n", "login", "-u", USER, "--password-stdin", secure.host());
            var push = berthd.docker("push", image);
            berthd.docker("rmi", image);
            var pull = berthd.docker("pull", image);
            var logout = berthd.docker("logout", secure.host());

            assertThat(denied.exitCode()).isNotZero();
            assertThat(wrong.exitCode()).isNotZero();
            assertThat(wrong.err()).contains("Error response from daemon: login attempt to https://" + secure.host()
                    + "/v2/ failed with status: 401 Unauthorized");
            assertThat(login.exitCode()).as(login.err()).isZero();
            assertThat(login.out()).contains("Login Succeeded");
            assertThat(push.exitCode()).as(push.err()).isZero();
            assertThat(pull.exitCode()).as(pull.err()).isZero();
            assertThat(pull.out()).contains("Status: Downloaded newer image for " + image);
            assertThat(logout.out()).contains("Removing login credentials for " + secure.host());
        } finally {
            AtomicFiles.deleteTree(CERTS.resolve(secure.host()));
        }
    }

    @Test
    void aClientCertificateFromCertsDIsPresentedToARegistryThatWantsOne() throws Exception {
        Path config = tempDir("berth-docker-config-");
        var env = Map.of("DOCKER_CONFIG", config.toString());
        String image = ref(mutual, "mtls/busybox:1");
        try {
            Path dir = CERTS.resolve(mutual.host());
            Files.createDirectories(dir);
            Files.copy(mutual.caCert(), dir.resolve("ca.crt"));
            var noClientCert = berthd.berthProcessWithEnv(env, PASSWORD, "login", "-u", USER, "--password-stdin", mutual.host());
            mutual.installCertificates(CERTS);
            var login = berthd.berthProcessWithEnv(env, PASSWORD, "login", "-u", USER, "--password-stdin", mutual.host());
            berthd.berth("tag", "busybox", image);
            var push = berthd.berthProcessWithEnv(env, null, "push", image);

            assertThat(noClientCert.exitCode()).isNotZero();
            assertThat(noClientCert.err()).contains("https://" + mutual.host() + "/v2/");
            assertThat(login.exitCode()).as(login.err()).isZero();
            assertThat(push.exitCode()).as(push.err()).isZero();
        } finally {
            AtomicFiles.deleteTree(config);
            AtomicFiles.deleteTree(CERTS.resolve(mutual.host()));
        }
    }

    @Test
    void aCredentialHelperKeepsTheSecretAndConfigJsonOnlyNamesTheRegistry() throws Exception {
        secure.installCertificates(CERTS);
        Path config = tempDir("berth-docker-config-");
        Path bin = config.resolve("bin");
        Path vault = config.resolve("vault");
        Files.createDirectories(bin);
        Files.createDirectories(vault);
        // a docker-credential-* helper in a few lines of sh: one file per server in the vault
        Path helper = bin.resolve("docker-credential-berthtest");
        Files.writeString(helper, """
                #!/bin/sh
                vault=%s
                read -r input
                case "$1" in
                  store) key=$(printf '%%s' "$input" | sed 's/.*"ServerURL":"\\([^"]*\\)".*/\\1/')
                         printf '%%s' "$input" > "$vault/$key" ;;
                  get) if [ -f "$vault/$input" ]; then cat "$vault/$input"; else echo "credentials not found in native keychain"; exit 1; fi ;;
                  erase) rm -f "$vault/$input" ;;
                  *) echo "unknown action $1" >&2; exit 2 ;;
                esac
                """.formatted(vault));
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(config.resolve("config.json"), "{\"credHelpers\": {\"" + secure.host() + "\": \"berthtest\"},"
                + " \"detachKeys\": \"ctrl-x,x\"}");
        var env = Map.of("DOCKER_CONFIG", config.toString(), "PATH", bin + ":" + System.getenv("PATH"));
        String image = ref(secure, "helper/busybox:1");
        try {
            var login = berthd.berthProcessWithEnv(env, PASSWORD, "login", "-u", USER, "--password-stdin", secure.host());
            JsonNode stored = Json.tree(Files.readAllBytes(config.resolve("config.json")));
            JsonNode secret = Json.tree(Files.readAllBytes(vault.resolve(secure.host())));
            berthd.berth("tag", "busybox", image);
            var push = berthd.berthProcessWithEnv(env, null, "push", image);
            var logout = berthd.berthProcessWithEnv(env, null, "logout", secure.host());

            assertThat(login.exitCode()).as(login.err()).isZero();
            assertThat(login.out()).isEqualTo("Login Succeeded\n");
            assertThat(login.err()).doesNotContain("unencrypted");
            assertThat(stored.path("auths").path(secure.host()).isEmpty()).isTrue();
            assertThat(stored.path("auths").path(secure.host()).isObject()).isTrue();
            assertThat(stored.path("detachKeys").asText()).isEqualTo("ctrl-x,x");
            assertThat(secret.path("Username").asText()).isEqualTo(USER);
            assertThat(secret.path("Secret").asText()).isEqualTo(PASSWORD);
            assertThat(push.exitCode()).as(push.err()).isZero();
            assertThat(logout.out()).isEqualTo("Removing login credentials for " + secure.host() + "\n");
            assertThat(vault.resolve(secure.host())).doesNotExist();
        } finally {
            AtomicFiles.deleteTree(config);
            AtomicFiles.deleteTree(CERTS.resolve(secure.host()));
        }
    }

    @Test
    void theApiChecksCredentialsAndTakesThemInXRegistryAuth() throws Exception {
        secure.installCertificates(CERTS);
        String image = ref(secure, "api/busybox");
        try {
            var api = berthd.client().images();
            berthd.berth("tag", "busybox", image + ":1");
            String header = Base64.getUrlEncoder().encodeToString(("{\"username\":\"" + USER + "\",\"password\":\""
                    + PASSWORD + "\",\"serveraddress\":\"" + secure.host() + "\"}").getBytes(StandardCharsets.UTF_8));
            var lines = new java.util.ArrayList<JsonNode>();
            api.push(image, "1", header, lines::add);

            var bad = org.assertj.core.api.Assertions.catchThrowable(() -> api.login(USER, "x", secure.host()));
            JsonNode good = api.login(USER, PASSWORD, "https://" + secure.host() + "/");

            assertThat(bad).isInstanceOf(io.berth.common.UnauthorizedException.class)
                    .hasMessageContaining("401 Unauthorized");
            assertThat(good.path("Status").asText()).isEqualTo("Login Succeeded");
            assertThat(lines.getLast().toString()).contains("sha256:").doesNotContain("error");
        } finally {
            AtomicFiles.deleteTree(CERTS.resolve(secure.host()));
        }
    }

    @Test
    void bearerChallengesAreAnsweredWithATokenFetchedWithTheCredentials() throws Exception {
        Path config = tempDir("berth-docker-config-");
        var env = Map.of("DOCKER_CONFIG", config.toString());
        String image = ref(tokens, "bearer/busybox:1");
        try {
            berthd.berth("tag", "busybox", image);
            var anonymous = berthd.berthProcessWithEnv(env, null, "push", image);
            var wrong = berthd.berthProcessWithEnv(env, "bad", "login", "-u", USER, "--password-stdin", tokens.host());
            var login = berthd.berthProcessWithEnv(env, PASSWORD, "login", "-u", USER, "--password-stdin", tokens.host());
            var push = berthd.berthProcessWithEnv(env, null, "push", image);
            berthd.berth("rmi", image);
            var pull = berthd.berthProcessWithEnv(env, null, "pull", image);
            var anonymousPull = berthd.berth("pull", image);

            assertThat(anonymous.exitCode()).isNotZero();
            assertThat(anonymous.err()).contains("unauthorized");
            assertThat(wrong.exitCode()).isEqualTo(1);
            assertThat(wrong.err()).contains("Error response from daemon: Get \"" + tokens.tokenRealm() + "\": unauthorized: "
                    + "incorrect username or password");
            assertThat(login.exitCode()).as(login.err()).isZero();
            assertThat(login.out()).isEqualTo("Login Succeeded\n");
            assertThat(push.exitCode()).as(push.err()).isZero();
            assertThat(pull.exitCode()).as(pull.err()).isZero();
            assertThat(pull.out()).contains("Status: Downloaded newer image for " + image);
            assertThat(anonymousPull.exitCode()).isNotZero();
            assertThat(anonymousPull.err()).contains("pull access denied for " + tokens.host() + "/bearer/busybox");
            assertThat(tokens.tokensIssued()).isGreaterThan(2);
        } finally {
            AtomicFiles.deleteTree(config);
        }
    }
}
