#!/usr/bin/env python3
"""Test data and helpers for the logging-agent benchmarks (scripts/bench/shipper-*).

  shipper-gen.py files DIR N_FILES LINES_PER_FILE      write N files DIR/c<i>/debug.log of ~170-byte lines
  shipper-gen.py steady DIR N_FILES RATE SECONDS        append RATE lines/s spread over N files (DIR/c<i % 100>/f<i>.log)
  shipper-gen.py timed FILE RATE SECONDS               append RATE lines/s to FILE, each carrying its write time
  shipper-gen.py latency NDJSON EXPECTED TIMEOUT        follow the receiver's NDJSON; print p50/p90/p99/max write->synced
  shipper-gen.py sink PORT EXPECTED TIMEOUT             TCP line counter: prints seconds from first byte to EXPECTED lines
  shipper-gen.py beats-sink PORT EXPECTED TIMEOUT       Beats (Lumberjack v2) counter: inflates, counts J frames, ACKs
                                                        each window; prints seconds from first byte to EXPECTED events
"""
import json, os, socket, sys, time

def line(f, i):
    body = (f"2026-11-22 03:00:{i % 60:02d}.{i % 1000:03d} INFO  [http-nio-8080-exec-{i % 20}] c.e.shop.web.RequestLog - "
            f"/api/orders/{i} status={200 + i % 5} took={i % 97}ms user=u{i % 10000:05d} file={f} seq={i} ")
    return body + "x" * max(0, 169 - len(body)) + "\n"

def files(d, n, per):
    for f in range(n):
        p = os.path.join(d, f"c{f}")
        os.makedirs(p, exist_ok=True)
        with open(os.path.join(p, "debug.log"), "w") as out:
            buf = []
            for i in range(per):
                buf.append(line(f, i))
                if len(buf) == 10000:
                    out.write("".join(buf)); buf = []
            out.write("".join(buf))

def steady(d, n, rate, seconds):
    handles = []
    for f in range(n):
        p = os.path.join(d, f"c{f % 100}")
        os.makedirs(p, exist_ok=True)
        handles.append(open(os.path.join(p, f"f{f}.log"), "a", buffering=1))
    start = time.time(); sent = 0; tick = 0.1
    while time.time() - start < seconds:
        due = int((time.time() - start) * rate)
        while sent < due:
            h = handles[sent % n]
            h.write(line(sent % n, sent))
            sent += 1
        time.sleep(tick)
    print(sent)

def timed(path, rate, seconds):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "a", buffering=1) as out:
        start = time.time(); sent = 0
        while time.time() - start < seconds:
            due = int((time.time() - start) * rate)
            while sent < due:
                out.write(f"2026-11-22 03:00:00.000 INFO  [main] c.e.Latency - seq={sent} wrote={time.time_ns()} "
                          + "x" * 80 + "\n")
                sent += 1
            time.sleep(0.001)
    print(sent)

def latency(path, expected, timeout):
    lat = []; pos = 0; deadline = time.time() + timeout; partial = ""
    while len(lat) < expected and time.time() < deadline:
        if not os.path.exists(path):
            time.sleep(0.01); continue
        with open(path) as f:
            f.seek(pos); chunk = f.read(); pos = f.tell()
        now = time.time_ns()
        data = partial + chunk
        parts = data.split("\n"); partial = parts.pop()
        for p in parts:
            if not p:
                continue
            msg = json.loads(p).get("message", "")
            k = msg.find("wrote=")
            if k >= 0:
                lat.append((now - int(msg[k + 6:].split(" ")[0])) / 1e6)
        time.sleep(0.005)
    lat.sort()
    q = lambda x: lat[min(len(lat) - 1, int(x * len(lat)))] if lat else float("nan")
    print(f"events={len(lat)} p50_ms={q(0.50):.1f} p90_ms={q(0.90):.1f} p99_ms={q(0.99):.1f} max_ms={lat[-1] if lat else float('nan'):.1f}")

def sink(port, expected, timeout):
    srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", port)); srv.listen(8); srv.settimeout(timeout)
    print("listening", flush=True)
    conn, _ = srv.accept(); conn.settimeout(timeout)
    n = 0; first = None; marks = []
    while n < expected:
        b = conn.recv(1 << 20)
        if not b:
            break
        if first is None:
            first = time.time()
        n += b.count(b"\n")
        while len(marks) < 10 and n >= (len(marks) + 1) * expected // 10:
            marks.append(time.time())
    print(f"lines={n} seconds={time.time() - first:.3f}", flush=True)
    print_marks(first, marks)

def print_marks(first, marks):
    """Wall-clock time of the first byte and of each tenth of the expected count, to compare two sinks' timelines."""
    print(f"timeline first_byte={first:.3f} tenths=" + ",".join(f"{m - first:.2f}" for m in marks), flush=True)

def read_exact(conn, n):
    buf = bytearray()
    while len(buf) < n:
        b = conn.recv(n - len(buf))
        if not b:
            raise EOFError
        buf += b
    return bytes(buf)

def count_frames(data):
    i = n = 0
    while i < len(data):
        if data[i:i + 2] != b"2J":
            raise ValueError("unexpected frame %r" % data[i:i + 2])
        length = int.from_bytes(data[i + 6:i + 10], "big")
        i += 10 + length; n += 1
    return n

def beats_sink(port, expected, timeout):
    import zlib
    srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", port)); srv.listen(8); srv.settimeout(timeout)
    print("listening", flush=True)
    conn, _ = srv.accept(); conn.settimeout(timeout)
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    total = 0; first = None; marks = []
    try:
        while total < expected:
            head = read_exact(conn, 2)
            if first is None:
                first = time.time()
            if head != b"2W":
                raise ValueError("expected a window frame, got %r" % head)
            window = int.from_bytes(read_exact(conn, 4), "big"); got = 0
            while got < window:
                kind = read_exact(conn, 2)
                if kind == b"2C":
                    size = int.from_bytes(read_exact(conn, 4), "big")
                    got += count_frames(zlib.decompress(read_exact(conn, size)))
                elif kind == b"2J":
                    read_exact(conn, 4); size = int.from_bytes(read_exact(conn, 4), "big"); read_exact(conn, size); got += 1
                else:
                    raise ValueError("unexpected frame %r" % kind)
            total += window
            conn.sendall(b"2A" + window.to_bytes(4, "big"))
            while len(marks) < 10 and total >= (len(marks) + 1) * expected // 10:
                marks.append(time.time())
    except EOFError:
        pass
    print(f"events={total} seconds={time.time() - first:.3f} sink_cpu_s={time.process_time():.2f}", flush=True)
    print_marks(first, marks)

if __name__ == "__main__":
    cmd, a = sys.argv[1], sys.argv[2:]
    if cmd == "files": files(a[0], int(a[1]), int(a[2]))
    elif cmd == "steady": steady(a[0], int(a[1]), int(a[2]), float(a[3]))
    elif cmd == "timed": timed(a[0], int(a[1]), float(a[2]))
    elif cmd == "latency": latency(a[0], int(a[1]), float(a[2]))
    elif cmd == "sink": sink(int(a[0]), int(a[1]), float(a[2]))
    elif cmd == "beats-sink": beats_sink(int(a[0]), int(a[1]), float(a[2]))
    else: sys.exit(__doc__)
