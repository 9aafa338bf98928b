package io.berth.common.http;

import io.berth.common.ForbiddenException;
import io.berth.common.InternalException;
import io.berth.common.InvalidArgumentException;
import io.berth.common.NotFoundException;
import io.berth.common.UnauthorizedException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * A GET of something a client named by URL (an import source, a remote build context), with the
 * daemon's own HTTP client and Docker's errors: a status of 400 or more is {@code failed to GET
 * <url> with status <status>: <body>}, mapped to 404/400/401/403 as the remote answered and to 500
 * otherwise; an unknown host is a 404.
 */
public final class RemoteGet {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_ERROR_BODY = 4096;

    private RemoteGet() {}

    /** An open response body: the caller closes it. */
    public record Body(InputStream stream, OptionalLong contentLength) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            stream.close();
        }
    }

    /** Docker's reading of an import source: {@code host/path} without a scheme means {@code http://host/path}. */
    public static URI importSource(String source) {
        String address = source.contains("://") ? source : "http://" + source;
        try {
            URI uri = new URI(address);
            if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new InvalidArgumentException("unsupported import source: " + source);
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new InvalidArgumentException("invalid import source " + source + ": " + e.getReason());
        }
    }

    public static Body open(URI uri) {
        var client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (UnknownHostException e) {
            throw new NotFoundException("Get \"" + uri + "\": dial tcp: lookup " + uri.getHost() + ": no such host");
        } catch (HttpConnectTimeoutException e) {
            throw new InternalException("Get \"" + uri + "\": dial tcp " + uri.getAuthority() + ": i/o timeout", e);
        } catch (IOException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof UnknownHostException) {
                throw new NotFoundException("Get \"" + uri + "\": dial tcp: lookup " + uri.getHost() + ": no such host");
            }
            String detail = cause instanceof java.net.ConnectException ? "connect: connection refused"
                    : String.valueOf(cause.getMessage());
            throw new InternalException("Get \"" + uri + "\": dial tcp " + uri.getAuthority() + ": " + detail, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InternalException("interrupted while fetching " + uri, e);
        }
        int status = response.statusCode();
        if (status < 400) {
            var length = response.headers().firstValueAsLong("Content-Length");
            return new Body(response.body(), length.isPresent() ? OptionalLong.of(length.getAsLong()) : OptionalLong.empty());
        }
        String message = "failed to GET " + uri + " with status " + status + " " + reason(status) + ": "
                + errorBody(response.body());
        throw switch (status) {
            case 404 -> new NotFoundException(message);
            case 400 -> new InvalidArgumentException(message);
            case 401 -> new UnauthorizedException(message);
            case 403 -> new ForbiddenException(message);
            default -> new InternalException(message);
        };
    }

    private static String errorBody(InputStream body) {
        try (body) {
            return new String(body.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "error reading body";
        }
    }

    /** The reason phrase Go's {@code resp.Status} carries after the code. */
    static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 410 -> "Gone";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
    }
}
