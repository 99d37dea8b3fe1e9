#!/usr/bin/env python3
"""One bidirectional transfer over Linux's own TCP, as Hashdance's transfer experiment does it: each end sends
N bytes, half-closes, and reads until the peer's FIN. Prints one JSON line with the time (CLOCK_MONOTONIC, which
network namespaces share) at which this end had sent everything and read the peer's EOF."""
import json, socket, sys, threading, time

TCP_CONGESTION = getattr(socket, "TCP_CONGESTION", 13)


def run(sock, nbytes):
    sock.setsockopt(socket.IPPROTO_TCP, TCP_CONGESTION, b"cubic")
    payload = bytes(65536)
    sent_err = []

    def sender():
        try:
            left = nbytes
            while left > 0:
                n = sock.send(payload[: min(left, len(payload))])
                left -= n
            sock.shutdown(socket.SHUT_WR)
        except OSError as e:
            sent_err.append(str(e))

    t = threading.Thread(target=sender, daemon=True)
    t.start()
    got = 0
    err = None
    try:
        while True:
            chunk = sock.recv(262144)
            if not chunk:
                break
            got += len(chunk)
    except OSError as e:
        err = str(e)
    t.join()
    info = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 256)
    # struct tcp_info: tcpi_total_retrans is the u32 at offset 100 (after 24 bytes of u8 fields and 19 u32s).
    total_retrans = int.from_bytes(info[100:104], "little")
    return got, err or (sent_err[0] if sent_err else None), total_retrans


def main():
    role, addr, port, nbytes, limit = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
    if role == "server":
        ls = socket.socket()
        ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        ls.bind((addr, port))
        ls.listen(1)
        print("listening", flush=True, file=sys.stderr)
        ls.settimeout(limit)
        sock, _ = ls.accept()
        sock.settimeout(limit)
        got, err, retrans = run(sock, nbytes)
        print(json.dumps({"role": role, "end": time.monotonic(), "received": got, "error": err, "retrans": retrans}), flush=True)
    else:
        start = time.monotonic()
        sock = socket.socket()
        sock.setsockopt(socket.IPPROTO_TCP, TCP_CONGESTION, b"cubic")
        sock.settimeout(limit)
        try:
            sock.connect((addr, port))
            got, err, retrans = run(sock, nbytes)
        except OSError as e:
            got, err, retrans = 0, str(e), 0
        print(json.dumps({"role": role, "start": start, "end": time.monotonic(), "received": got, "error": err, "retrans": retrans}), flush=True)


main()
