#!/usr/bin/env python3
"""Waits until a service has COUNT running tasks and prints the seconds since START_NS (a date +%s%N value).

One process polls every 50 ms over HTTP(S), so a poll costs a request, not a process start: on two cores a
curl + python3 (or a docker CLI) started every 50 ms takes a third of a core from the engine being measured.

  services-wait.py flotilla NAME COUNT START_NS LIMIT_S   (MANAGER=host:port, CRED=token, CA_FILE=cluster CA from the environment)
  services-wait.py swarm NAME COUNT START_NS LIMIT_S      (the engine at /var/run/docker.sock)
"""
import http.client
import json
import os
import socket
import ssl
import sys
import time
import urllib.parse


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost")
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.path)


def get(conn, path, headers=None):
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"GET {path}: HTTP {response.status}: {body[:200]!r}")
    return json.loads(body)


def flotilla_running(conn, name):
    services = get(conn, "/v1/services", {"Authorization": "Bearer " + os.environ["CRED"]})
    return next((s["running"] for s in services if s["service"]["spec"]["name"] == name), 0)


def swarm_running(conn, name):
    # what `docker service ls` shows as running: tasks that should run and do
    filters = urllib.parse.quote(json.dumps({"service": [name], "desired-state": ["running"]}))
    tasks = get(conn, "/v1.41/tasks?filters=" + filters)
    return sum(1 for t in tasks if t["Status"]["State"] == "running")


def main():
    if len(sys.argv) != 6 or sys.argv[1] not in ("flotilla", "swarm"):
        sys.exit(__doc__)
    kind, name, count, start_ns, limit = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
    if kind == "flotilla":
        host, port = os.environ["MANAGER"].rsplit(":", 1)
        tls = ssl.create_default_context(cafile=os.environ["CA_FILE"])
        tls.check_hostname = False  # who the manager is comes from the cluster CA, as for the CLI
        conn = http.client.HTTPSConnection(host, int(port), timeout=5, context=tls)
        running = flotilla_running
    else:
        conn, running = UnixConnection("/var/run/docker.sock"), swarm_running
    deadline = time.monotonic() + limit
    while running(conn, name) != count:
        if time.monotonic() > deadline:
            print("timeout")
            sys.exit(1)
        time.sleep(0.05)
    print(f"{(time.time_ns() - start_ns) / 1e9:.2f}")


if __name__ == "__main__":
    main()
