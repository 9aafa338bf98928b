"""What docker-py users do, against berthd.

Run by berth-it's DockerPyIT with Debian's /usr/bin/python3 (python3-docker 5.0.3, API 1.41) and:
  DOCKER_HOST     unix:// socket of a test berthd that has busybox:latest
  BERTH_REGISTRY  host:port of a local registry (plain HTTP)
Every test cleans up what it creates; names carry the "dpy-" prefix.
"""
import io
import os
import socket
import tarfile
import time
import urllib.request
import uuid

import docker
import pytest

BUSYBOX = "busybox:latest"


@pytest.fixture(scope="module")
def client():
    c = docker.DockerClient(base_url=os.environ["DOCKER_HOST"], version="1.41", timeout=60)
    yield c
    c.close()


@pytest.fixture
def name():
    return "dpy-" + uuid.uuid4().hex[:8]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(url, attempts=50):
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                return r.read().decode()
        except OSError:
            time.sleep(0.2)
    raise AssertionError("no answer from " + url)


def test_ping_and_version(client):
    assert client.ping() is True
    version = client.version()
    assert version["ApiVersion"] >= "1.41"
    assert version["Os"] == "linux"
    assert client.info()["OSType"] == "linux"


def test_run_returns_output_and_removes(client, name):
    out = client.containers.run(BUSYBOX, ["sh", "-c", "echo hello $WHO"], environment={"WHO": "py"},
                                name=name, remove=True)
    assert out == b"hello py\n"
    with pytest.raises(docker.errors.NotFound):
        client.containers.get(name)


def test_run_failure_raises_container_error(client, name):
    with pytest.raises(docker.errors.ContainerError) as failure:
        client.containers.run(BUSYBOX, ["sh", "-c", "echo oops >&2; exit 3"], name=name, remove=True, stderr=True)
    assert failure.value.exit_status == 3
    assert b"oops" in failure.value.stderr


def test_missing_image_is_image_not_found(client):
    with pytest.raises(docker.errors.ImageNotFound):
        client.images.get("dpy-no-such-image:latest")


def test_detached_container_lifecycle(client, name):
    c = client.containers.run(BUSYBOX, ["sh", "-c", "echo started; sleep 600"], name=name, detach=True,
                              labels={"suite": "docker-py"})
    try:
        c.reload()
        assert c.status == "running"
        assert c.labels["suite"] == "docker-py"
        assert client.containers.list(filters={"label": "suite=docker-py", "name": name})[0].id == c.id
        c.stop(timeout=1)
        result = c.wait()
        assert result["StatusCode"] == 137 or result["StatusCode"] == 143
        c.reload()
        assert c.status == "exited"
    finally:
        c.remove(force=True)


def test_wait_gives_the_exit_code(client, name):
    c = client.containers.run(BUSYBOX, ["sh", "-c", "exit 7"], name=name, detach=True)
    try:
        assert c.wait(timeout=30)["StatusCode"] == 7
    finally:
        c.remove()


def test_logs_stream_since_and_tail(client, name):
    c = client.containers.run(BUSYBOX, ["sh", "-c", "for i in 1 2 3 4 5; do echo line$i; done; sleep 600"],
                              name=name, detach=True)
    try:
        deadline = time.time() + 20
        while b"line5" not in c.logs() and time.time() < deadline:
            time.sleep(0.1)
        assert c.logs() == b"line1\nline2\nline3\nline4\nline5\n"
        assert c.logs(tail=2) == b"line4\nline5\n"
        assert c.logs(since=int(time.time()) + 60) == b""
        stamped = c.logs(timestamps=True, tail=1).decode()
        assert stamped.endswith(" line5\n") and stamped[:4].isdigit()
        stream = c.logs(stream=True, follow=True)
        first = next(stream)
        assert first.startswith(b"line1")
        stream.close()
    finally:
        c.remove(force=True)


def test_exec_run_with_stream_and_demux(client, name):
    c = client.containers.run(BUSYBOX, ["sleep", "600"], name=name, detach=True)
    try:
        code, out = c.exec_run(["sh", "-c", "echo out; echo err >&2; exit 4"])
        assert code == 4
        assert b"out" in out and b"err" in out
        code, (stdout, stderr) = c.exec_run(["sh", "-c", "echo out; echo err >&2"], demux=True)
        assert code == 0
        assert stdout == b"out\n" and stderr == b"err\n"
        result = c.exec_run(["sh", "-c", "echo a; sleep 0.2; echo b"], stream=True)
        assert b"".join(result.output) == b"a\nb\n"
        code, out = c.exec_run("id -u", user="1000")
        assert out == b"1000\n"
        code, out = c.exec_run("pwd", workdir="/tmp", environment={"X": "1"})
        assert out == b"/tmp\n"
    finally:
        c.remove(force=True)


def test_attach_socket_carries_stdin_and_stdout(client, name):
    c = client.containers.create(BUSYBOX, ["cat"], name=name, stdin_open=True)
    try:
        sock = c.attach_socket(params={"stdin": 1, "stdout": 1, "stream": 1})
        c.start()
        raw = sock._sock
        raw.sendall(b"through the socket\n")
        raw.shutdown(socket.SHUT_WR)
        data = b""
        raw.settimeout(10)
        while True:
            chunk = raw.recv(4096)
            if not chunk:
                break
            data += chunk
        sock.close()
        # without a TTY the stream is multiplexed: an 8-byte header per frame
        assert data[0] == 1
        assert data[8:] == b"through the socket\n"
        assert c.wait(timeout=30)["StatusCode"] == 0
    finally:
        c.remove(force=True)


def test_published_port_answers_on_loopback(client, name):
    port = free_port()
    c = client.containers.run(BUSYBOX, ["sh", "-c", "echo from-py > /tmp/index.html; httpd -f -p 80 -h /tmp"],
                              name=name, detach=True, ports={"80/tcp": ("127.0.0.1", port)})
    try:
        assert http_get("http://127.0.0.1:%d/index.html" % port) == "from-py\n"
        c.reload()
        assert c.ports["80/tcp"] == [{"HostIp": "127.0.0.1", "HostPort": str(port)}]
    finally:
        c.remove(force=True)


def test_networks_connect_and_name_resolution(client, name):
    net = client.networks.create(name, driver="bridge", labels={"suite": "docker-py"})
    server = client.containers.run(BUSYBOX, ["sh", "-c", "echo via-dns > /tmp/index.html; httpd -f -p 80 -h /tmp"],
                                   name=name + "-srv", detach=True, network=name)
    other = client.containers.run(BUSYBOX, ["sleep", "600"], name=name + "-other", detach=True)
    try:
        net.connect(other, aliases=["buddy"])
        net.reload()
        assert {c.name for c in net.containers} == {name + "-srv", name + "-other"}
        code, out = other.exec_run(["sh", "-c",
                                    "for i in 1 2 3 4 5 6 7 8 9 10; do wget -q -O - http://%s-srv/index.html && break;"
                                    " sleep 0.3; done" % name])
        assert out == b"via-dns\n"
        code, out = server.exec_run(["sh", "-c", "ping -c1 -W2 buddy >/dev/null && echo reached"])
        assert out == b"reached\n"
        net.disconnect(other)
        assert client.networks.list(names=[name])[0].attrs["Labels"] == {"suite": "docker-py"}
    finally:
        server.remove(force=True)
        other.remove(force=True)
        net.remove()


def test_volumes_keep_data_between_containers(client, name):
    vol = client.volumes.create(name, labels={"suite": "docker-py"})
    try:
        client.containers.run(BUSYBOX, ["sh", "-c", "echo kept > /data/file"], volumes={name: {"bind": "/data",
                                                                                              "mode": "rw"}},
                              remove=True)
        out = client.containers.run(BUSYBOX, ["cat", "/data/file"], volumes=[name + ":/data:ro"], remove=True)
        assert out == b"kept\n"
        assert client.volumes.get(name).attrs["Labels"] == {"suite": "docker-py"}
        assert name in [v.name for v in client.volumes.list(filters={"label": "suite=docker-py"})]
    finally:
        vol.remove(force=True)


def test_events_with_filters(client, name):
    since = int(time.time()) - 1
    client.containers.run(BUSYBOX, ["true"], name=name, labels={"dpy-events": name}, remove=True)
    until = int(time.time()) + 1
    events = list(client.events(since=since, until=until, decode=True,
                                filters={"type": "container", "label": "dpy-events=" + name}))
    actions = [e["Action"] for e in events]
    assert actions[:3] == ["create", "start", "die"]
    assert "destroy" in actions
    assert all(e["Actor"]["Attributes"]["name"] == name for e in events)


def test_stats_without_stream(client, name):
    c = client.containers.run(BUSYBOX, ["sh", "-c", "while :; do :; done"], name=name, detach=True)
    try:
        time.sleep(1)
        stats = c.stats(stream=False)
        assert stats["name"] == "/" + name
        assert stats["cpu_stats"]["cpu_usage"]["total_usage"] > 0
        assert stats["memory_stats"]["usage"] > 0
        assert stats["pids_stats"]["current"] >= 1
    finally:
        c.remove(force=True)


def test_images_tag_save_load(client, name):
    image = client.images.get(BUSYBOX)
    assert image.tag("dpy/" + name, "v1") is True
    try:
        tagged = client.images.get("dpy/%s:v1" % name)
        assert tagged.id == image.id
        # named=True saves under the image's first tag (busybox:latest, as with Docker): name the one wanted
        blob = b"".join(tagged.save(named="dpy/%s:v1" % name))
        client.images.remove("dpy/%s:v1" % name)
        with pytest.raises(docker.errors.ImageNotFound):
            client.images.get("dpy/%s:v1" % name)
        loaded = client.images.load(blob)
        assert loaded[0].id == image.id
        assert "dpy/%s:v1" % name in client.images.get(image.id).tags
        # list() inspects each image it finds: the reference filter chooses images, not tags
        assert [i.id for i in client.images.list(name="dpy/" + name)] == [image.id]
        assert client.images.list(name="dpy/" + name + "-none") == []
    finally:
        try:
            client.images.remove("dpy/%s:v1" % name)
        except docker.errors.ImageNotFound:
            pass


def test_push_and_pull_through_a_local_registry(client, name):
    registry = os.environ["BERTH_REGISTRY"]
    repo = "%s/dpy/%s" % (registry, name)
    client.images.get(BUSYBOX).tag(repo, "v1")
    try:
        lines = list(client.images.push(repo, tag="v1", stream=True, decode=True))
        assert not [l for l in lines if "error" in l], lines
        assert any("digest: sha256:" in l.get("status", "") for l in lines)
        client.images.remove(repo + ":v1")
        pulled = client.images.pull(repo, tag="v1")
        assert pulled.id == client.images.get(BUSYBOX).id
        out = client.containers.run(repo + ":v1", ["echo", "pulled"], remove=True)
        assert out == b"pulled\n"
    finally:
        try:
            client.images.remove(repo + ":v1")
        except docker.errors.ImageNotFound:
            pass


def test_api_errors_are_typed(client):
    with pytest.raises(docker.errors.NotFound):
        client.containers.get("dpy-missing-container")
    with pytest.raises(docker.errors.NotFound):
        client.networks.get("dpy-missing-network")
    with pytest.raises(docker.errors.NotFound):
        client.volumes.get("dpy-missing-volume")
    with pytest.raises(docker.errors.APIError) as conflict:
        client.containers.run(BUSYBOX, ["true"], name="dpy-conflict", detach=True)
        client.containers.run(BUSYBOX, ["true"], name="dpy-conflict", detach=True)
    assert conflict.value.status_code == 409
    client.containers.get("dpy-conflict").remove(force=True)


def tar_of(files):
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w") as tar:
        for path, content in files.items():
            info = tarfile.TarInfo(path)
            info.size = len(content)
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(content))
    return data.getvalue()


def test_put_archive_and_get_archive(client, name):
    c = client.containers.create(BUSYBOX, ["sleep", "600"], name=name)
    try:
        assert c.put_archive("/tmp", tar_of({"in/hello.txt": b"hello archive\n"})) is True
        c.start()
        assert c.exec_run("cat /tmp/in/hello.txt").output == b"hello archive\n"
        stream, stat = c.get_archive("/tmp/in")
        assert stat["name"] == "in"
        assert stat["mode"] & 0o20000000000  # a directory
        with tarfile.open(fileobj=io.BytesIO(b"".join(stream))) as tar:
            assert sorted(tar.getnames()) == ["in", "in/hello.txt"]
            assert tar.extractfile("in/hello.txt").read() == b"hello archive\n"
        with pytest.raises(docker.errors.NotFound):
            c.get_archive("/no/such/path")
    finally:
        c.remove(force=True)


def test_build_from_a_dockerfile(client, name):
    context = tar_of({
        "Dockerfile": b"FROM busybox:latest\nARG GREETING=hi\nCOPY message.txt /message.txt\n"
                      b"RUN echo \"$GREETING from RUN\" > /built.txt\nLABEL suite=docker-py\nCMD [\"cat\", \"/built.txt\", \"/message.txt\"]\n",
        "message.txt": b"copied\n",
    })
    tag = "dpy/%s:built" % name
    image, logs = client.images.build(fileobj=io.BytesIO(context), custom_context=True, tag=tag,
                                      buildargs={"GREETING": "hello"}, rm=True)
    try:
        assert any("Step 1/" in l.get("stream", "") for l in logs)
        assert image.labels["suite"] == "docker-py"
        assert client.containers.run(tag, remove=True) == b"hello from RUN\ncopied\n"
        with pytest.raises(docker.errors.BuildError) as failure:
            client.images.build(fileobj=io.BytesIO(tar_of({"Dockerfile": b"FROM busybox:latest\nRUN exit 3\n"})),
                                custom_context=True, rm=True)
        assert "returned a non-zero code: 3" in str(failure.value)
    finally:
        client.images.remove(tag, force=True)


def test_build_from_remote_urls(client, name):
    """images.build(path=URL) sends remote=URL: berthd fetches a Dockerfile or a (gzip) tar context itself."""
    import gzip
    import http.server
    import threading
    files = {
        "/Dockerfile": b"FROM busybox:latest\nRUN echo from-remote-dockerfile > /r\nCMD [\"cat\", \"/r\"]\n",
        "/ctx.tar.gz": gzip.compress(tar_of({
            "Dockerfile": b"FROM busybox:latest\nCOPY m.txt /m.txt\nCMD [\"cat\", \"/m.txt\"]\n",
            "m.txt": b"from-remote-tar\n",
        })),
    }

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = files.get(self.path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = "http://127.0.0.1:%d" % server.server_address[1]
    tags = ["dpy/%s:dockerfile" % name, "dpy/%s:tar" % name]
    try:
        client.images.build(path=base + "/Dockerfile", tag=tags[0], rm=True)
        client.images.build(path=base + "/ctx.tar.gz", tag=tags[1], rm=True)
        assert client.containers.run(tags[0], remove=True) == b"from-remote-dockerfile\n"
        assert client.containers.run(tags[1], remove=True) == b"from-remote-tar\n"
        with pytest.raises(docker.errors.APIError) as missing:
            client.images.build(path=base + "/missing", rm=True)
        assert "status 404" in str(missing.value)
    finally:
        server.shutdown()
        for tag in tags:
            try:
                client.images.remove(tag, force=True)
            except docker.errors.NotFound:
                pass


def test_df_counts_images_containers_volumes_and_build_cache(client, name):
    c = client.containers.run(BUSYBOX, ["sh", "-c", "head -c 20000 /dev/zero > /rw; head -c 30000 /dev/zero > /data/v"],
                              name=name, volumes={name: {"bind": "/data", "mode": "rw"}}, detach=True)
    try:
        assert c.wait()["StatusCode"] == 0
        df = client.df()
        assert df["LayersSize"] > 0
        busybox = [i for i in df["Images"] if BUSYBOX in (i["RepoTags"] or [])][0]
        assert busybox["Containers"] >= 1
        assert busybox["Size"] > 0 and busybox["SharedSize"] >= 0
        mine = [x for x in df["Containers"] if x["Id"] == c.id][0]
        assert mine["SizeRw"] >= 20000
        assert mine["SizeRootFs"] >= mine["SizeRw"] + busybox["Size"]
        volume = [v for v in df["Volumes"] if v["Name"] == name][0]
        assert volume["UsageData"]["RefCount"] == 1
        assert volume["UsageData"]["Size"] >= 30000
        assert isinstance(df["BuildCache"], list)
    finally:
        c.remove()
        client.volumes.get(name).remove()


def test_prune_containers_images_networks_and_volumes(client, name):
    label = "dpy-prune=" + name
    stopped = client.containers.create(BUSYBOX, ["true"], labels={"dpy-prune": name})
    running = client.containers.run(BUSYBOX, ["sleep", "60"], labels={"dpy-prune": name}, detach=True)
    other = client.containers.create(BUSYBOX, ["true"])
    try:
        report = client.containers.prune(filters={"label": label})
        assert report["ContainersDeleted"] == [stopped.id]
        assert report["SpaceReclaimed"] >= 0
        assert {x.id for x in client.containers.list(all=True)} >= {running.id, other.id}
    finally:
        running.remove(force=True)
        other.remove()

    client.networks.create(name, labels={"dpy-prune": name})
    assert client.networks.prune(filters={"label": label})["NetworksDeleted"] == [name]

    client.volumes.create(name, labels={"dpy-prune": name})
    report = client.volumes.prune(filters={"label": label})
    assert report["VolumesDeleted"] == [name]

    tag = "dpy/%s:prune" % name
    context = {"Dockerfile": b"FROM busybox:latest\nLABEL dpy-prune=" + name.encode() + b"\nCOPY f /f\n", "f": b"one\n"}
    first, _ = client.images.build(fileobj=io.BytesIO(tar_of(context)), custom_context=True, tag=tag, rm=True)
    context["f"] = b"two\n"
    second, _ = client.images.build(fileobj=io.BytesIO(tar_of(context)), custom_context=True, tag=tag, rm=True)
    assert first.id != second.id
    try:
        report = client.images.prune(filters={"dangling": True, "label": label})
        assert {"Deleted": first.id} in [{"Deleted": d.get("Deleted")} for d in report["ImagesDeleted"]]
        assert report["SpaceReclaimed"] >= 4
        assert client.images.get(tag).id == second.id
        report = client.images.prune(filters={"dangling": False, "label": label})
        assert {"Untagged": tag} in [{"Untagged": d.get("Untagged")} for d in report["ImagesDeleted"]]
        with pytest.raises(docker.errors.ImageNotFound):
            client.images.get(tag)
    finally:
        try:
            client.images.remove(tag, force=True)
        except docker.errors.ImageNotFound:
            pass
