namespace Hashdance.Interop.Tests.Infrastructure;

/// <summary>The python3 programs the tests run as Linux TCP clients and servers (passed with -c).</summary>
internal static class PythonClients
{
    /// <summary>
    /// argv: nodelay rcvbuf bytes port. Sends a seeded stream in 1000-byte writes while a thread reads the echo; prints
    /// "sha_sent sha_received received_bytes".
    /// </summary>
    public const string EchoStream = """
        import hashlib, random, socket, sys, threading
        nodelay, rcvbuf, n, port = (int(a) for a in sys.argv[1:5])
        data = random.Random(n).randbytes(n)
        s = socket.socket()
        if rcvbuf:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, nodelay)
        s.settimeout(60)
        s.connect(('198.51.100.2', port))
        got = bytearray()
        def reader():
            while True:
                b = s.recv(65536)
                if not b:
                    return
                got.extend(b)
        t = threading.Thread(target=reader)
        t.start()
        for i in range(0, n, 1000):
            s.sendall(data[i:i + 1000])
        s.shutdown(socket.SHUT_WR)
        t.join()
        s.close()
        print(hashlib.sha256(data).hexdigest(), hashlib.sha256(bytes(got)).hexdigest(), len(got))
        """;

    /// <summary>
    /// argv: sequential concurrent. HTTP GETs with Connection: close to 198.51.100.2:80, first one after another, then
    /// all at once from threads; prints "ok_sequential ok_concurrent" (a success is a 200 with the expected body).
    /// </summary>
    public const string HttpLoad = """
        import socket, sys, threading
        sequential, concurrent = int(sys.argv[1]), int(sys.argv[2])
        def one():
            try:
                s = socket.create_connection(('198.51.100.2', 80), timeout=30)
                s.sendall(b'GET / HTTP/1.1\r\nHost: lab\r\nConnection: close\r\n\r\n')
                d = b''
                while True:
                    b = s.recv(4096)
                    if not b:
                        break
                    d += b
                s.close()
                return d.startswith(b'HTTP/1.1 200 OK\r\n') and d.endswith(b'\r\n\r\nHello from Hashdance\n')
            except OSError as e:
                print('error', e, file=sys.stderr)
                return False
        ok_seq = sum(1 for _ in range(sequential) if one())
        results = []
        lock = threading.Lock()
        def worker():
            r = one()
            with lock:
                results.append(r)
        threads = [threading.Thread(target=worker) for _ in range(concurrent)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        print(ok_seq, sum(1 for r in results if r))
        """;

    /// <summary>
    /// argv: bytes port. A kernel server for one connection: sends a seeded stream of n bytes while reading the
    /// client's bytes until EOF; prints "sha_sent sha_received received_bytes".
    /// </summary>
    public const string StreamServer = """
        import hashlib, random, socket, sys, threading
        n, port = int(sys.argv[1]), int(sys.argv[2])
        data = random.Random(n + 1).randbytes(n)
        l = socket.socket()
        l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        l.bind(('198.51.100.1', port))
        l.listen(1)
        c, _ = l.accept()
        got = bytearray()
        def reader():
            while True:
                b = c.recv(65536)
                if not b:
                    return
                got.extend(b)
        t = threading.Thread(target=reader)
        t.start()
        c.sendall(data)
        c.shutdown(socket.SHUT_WR)
        t.join()
        c.close()
        print(hashlib.sha256(data).hexdigest(), hashlib.sha256(bytes(got)).hexdigest(), len(got))
        """;
}
