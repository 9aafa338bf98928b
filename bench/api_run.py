#!/usr/bin/python3
"""Times `run --rm` at the API level: create, start, wait, delete over the daemon's UNIX socket,
with one persistent connection per request kind, no CLI start-up in the measurement.

    bench/api_run.py SOCKET N [network-mode]     → one line per run: milliseconds
"""
import http.client
import json
import socket
import sys
import time


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost")
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.path)


def call(conn, method, url, body=None):
    headers = {"Content-Type": "application/json"} if body is not None else {}
    conn.request(method, url, body=json.dumps(body) if body is not None else None, headers=headers)
    response = conn.getresponse()
    data = response.read()
    if response.status >= 300:
        raise SystemExit(f"{method} {url}: {response.status} {data!r}")
    return json.loads(data) if data else None


def main():
    path, n = sys.argv[1], int(sys.argv[2])
    mode = sys.argv[3] if len(sys.argv) > 3 else "none"
    conn = UnixConnection(path)
    waiter = UnixConnection(path)
    body = {"Image": "busybox", "Cmd": ["true"], "HostConfig": {"NetworkMode": mode}}
    for _ in range(n):
        start = time.perf_counter()
        cid = call(conn, "POST", "/v1.44/containers/create", body)["Id"]
        waiter.request("POST", f"/v1.44/containers/{cid}/wait?condition=next-exit")
        call(conn, "POST", f"/v1.44/containers/{cid}/start")
        response = waiter.getresponse()
        result = json.loads(response.read())
        call(conn, "DELETE", f"/v1.44/containers/{cid}")
        elapsed = (time.perf_counter() - start) * 1000
        if result.get("StatusCode") != 0:
            raise SystemExit(f"container exited {result}")
        print(f"{elapsed:.1f}")


if __name__ == "__main__":
    main()
