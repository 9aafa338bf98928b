package io.berth.client;

import io.berth.api.model.ArchiveOptions;
import io.berth.api.model.CommitOptions;
import io.berth.api.model.ContainerPathStat;
import io.berth.api.model.DockerApi;
import io.berth.api.model.FilesystemChange;
import io.berth.api.model.IDResponse;
import io.berth.common.InternalException;
import io.berth.common.Json;
import io.berth.common.http.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;

/** Files in and out of containers: {@code /containers/{id}/archive}, {@code /export}, {@code /changes}, {@code /commit}. */
public final class ContainerFilesClient {
    private final HttpTransport transport;

    ContainerFilesClient(HttpTransport transport) {
        this.transport = transport;
    }

    /** {@code HEAD /containers/{id}/archive?path=}. */
    public ContainerPathStat stat(String ref, String path) {
        String target = new Query("/containers/" + Query.segment(ref) + "/archive").add("path", path).toString();
        try (var reply = transport.send("HEAD", target, HttpTransport.Body.none(), new Headers())) {
            return stat(reply);
        } catch (io.berth.common.NotFoundException e) {
            if (e.getMessage() == null || e.getMessage().isEmpty()) {
                // a HEAD answer has no body: say what docker's client says
                throw new io.berth.common.NotFoundException("No such container:path: " + ref + ":" + path);
            }
            throw e;
        }
    }

    /** What {@link #archive} reads: the stat of the path and the tar (close it when done). */
    public record Archive(ContainerPathStat stat, InputStream tar, AutoCloseable connection) implements AutoCloseable {
        @Override
        public void close() {
            try {
                connection.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
    }

    /** {@code GET /containers/{id}/archive?path=}. */
    public Archive archive(String ref, String path) {
        String target = new Query("/containers/" + Query.segment(ref) + "/archive").add("path", path).toString();
        var reply = transport.send("GET", target, HttpTransport.Body.none(), new Headers());
        try {
            return new Archive(stat(reply), reply.body(), reply);
        } catch (RuntimeException e) {
            reply.close();
            throw e;
        }
    }

    /** {@code PUT /containers/{id}/archive?path=}: {@code tar} writes the archive as it is sent. */
    public void extract(String ref, ArchiveOptions options, HttpTransport.Body.Writer tar) {
        String target = new Query("/containers/" + Query.segment(ref) + "/archive").add("path", options.path())
                .flag("noOverwriteDirNonDir", options.noOverwriteDirNonDir()).flag("copyUIDGID", options.copyUIDGID())
                .toString();
        try (var reply = transport.send("PUT", target, new HttpTransport.Body.Written(DockerApi.MEDIA_TAR, tar),
                new Headers())) {
            reply.bytes();
        }
    }

    /** {@code GET /containers/{id}/export} into {@code out}. */
    public void export(String ref, OutputStream out) {
        try (var reply = transport.send("GET", "/containers/" + Query.segment(ref) + "/export",
                HttpTransport.Body.none(), new Headers())) {
            reply.body().transferTo(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code GET /containers/{id}/changes} (Docker's null becomes an empty list). */
    public List<FilesystemChange> changes(String ref) {
        try (var reply = transport.send("GET", "/containers/" + Query.segment(ref) + "/changes",
                HttpTransport.Body.none(), new Headers())) {
            FilesystemChange[] changes = reply.json(FilesystemChange[].class);
            return changes == null ? List.of() : List.of(changes);
        }
    }

    /** {@code POST /commit}: the new image's ID. */
    public String commit(CommitOptions options) {
        var q = new Query("/commit").add("container", options.container()).add("repo", options.repo().orElse(null))
                .add("tag", options.tag().orElse(null)).add("comment", options.comment().orElse(null))
                .add("author", options.author().orElse(null)).add("pause", options.pause() ? "1" : "0");
        options.changes().forEach(c -> q.add("changes", c));
        HttpTransport.Body body = options.config().isPresent() ? HttpTransport.Body.json(options.config().get())
                : HttpTransport.Body.none();
        try (var reply = transport.send("POST", q.toString(), body, new Headers())) {
            return reply.json(IDResponse.class).id();
        }
    }

    private static ContainerPathStat stat(HttpTransport.Reply reply) {
        String header = reply.headers().first(DockerApi.HEADER_PATH_STAT)
                .orElseThrow(() -> new InternalException("the daemon sent no " + DockerApi.HEADER_PATH_STAT + " header"));
        return Json.read(Base64.getDecoder().decode(header), ContainerPathStat.class);
    }
}
