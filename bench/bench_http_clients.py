"""CPU per webhook POST, by HTTP client, over one kept-alive loopback connection: why `webhooks/transport.py`
uses `http.client` (the dispatcher's throughput is bound by its CPU per post).

    .venv/bin/python bench/bench_http_clients.py [--posts 3000] [--port 8613]

The receiver is `bench_webhooks.py`'s (its own process, asyncio, keep-alive). Each client sends the same
signed-size body `--posts` times, one after another; printed per client: CPU µs per post in this process
(user + system, so the socket calls count) and wall µs per post, beside a raw-socket floor that writes
prepared bytes and reads the answer. Also prints the load average.
"""

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BODY = json.dumps({"type": "ticket_created", "timestamp": "2026-12-02T14:00:00Z", "data": {"n": 1}}).encode()
HEADERS = {
    "webhook-id": "msg_0123456789abcdef0123456789abcdef",
    "webhook-timestamp": "1764684000",
    "webhook-signature": "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=",
    "content-type": "application/json",
    "user-agent": "Worktrack-Webhooks/1.0",
}


def measure(name: str, posts: int, one_post) -> None:
    one_post()  # connect and warm up
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(posts):
        one_post()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(f"  {name:<22} cpu {cpu * 1e6 / posts:6.0f} µs/post   wall {wall * 1e6 / posts:6.0f} µs/post")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=3000)
    parser.add_argument("--port", type=int, default=8613)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backlog_site.settings")
    os.environ["WEBHOOKS_ALLOW_PRIVATE_TARGETS"] = "1"
    import django

    django.setup()
    import urllib3

    from webhooks import transport

    out = Path(tempfile.mkdtemp(prefix="bench-http-")) / "receipts.tsv"
    receiver = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "bench_webhooks.py"), "receiver", str(args.port), "{}", str(out)]
    )
    try:
        time.sleep(1)
        print(f"{args.posts} POSTs of {len(BODY)} bytes per client; loadavg at start {os.getloadavg()}")

        raw = socket.create_connection(("127.0.0.1", args.port))
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        head = "".join(f"{k}: {v}\r\n" for k, v in {**HEADERS, "host": "127.0.0.1"}.items())
        request = f"POST /x HTTP/1.1\r\n{head}content-length: {len(BODY)}\r\n\r\n".encode() + BODY

        def raw_post():
            raw.sendall(request)
            answer = b""
            while not answer.endswith(b"ok"):
                answer += raw.recv(4096)

        measure("raw socket (floor)", args.posts, raw_post)

        plain = http.client.HTTPConnection("127.0.0.1", args.port)

        def http_client_post():
            plain.request("POST", "/x", body=BODY, headers=HEADERS)
            plain.getresponse().read()

        measure("http.client", args.posts, http_client_post)

        pool = urllib3.HTTPConnectionPool("127.0.0.1", args.port, maxsize=1)

        def urllib3_post():
            response = pool.urlopen(
                "POST", "/x", body=BODY, headers=HEADERS, retries=False, redirect=False, preload_content=False
            )
            response.read()
            response.release_conn()

        measure(f"urllib3 {urllib3.__version__}", args.posts, urllib3_post)

        import h11

        h11_sock = socket.create_connection(("127.0.0.1", args.port))
        h11_sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        h11_conn = h11.Connection(h11.CLIENT)
        h11_headers = [("host", "127.0.0.1"), *HEADERS.items(), ("content-length", str(len(BODY)))]

        def h11_post():
            out = h11_conn.send(h11.Request(method="POST", target="/x", headers=h11_headers))
            out += h11_conn.send(h11.Data(data=BODY)) + h11_conn.send(h11.EndOfMessage())
            h11_sock.sendall(out)
            while True:
                event = h11_conn.next_event()
                if event is h11.NEED_DATA:
                    h11_conn.receive_data(h11_sock.recv(65536))
                elif type(event) is h11.EndOfMessage:
                    break
            h11_conn.start_next_cycle()

        measure(f"h11 {h11.__version__}", args.posts, h11_post)

        url, text_body = f"http://127.0.0.1:{args.port}/x", BODY.decode()

        def transport_post():
            assert transport.post(url, text_body, HEADERS).ok

        measure("webhooks.transport", args.posts, transport_post)
        print(f"loadavg at the end {os.getloadavg()}")
    finally:
        receiver.terminate()


if __name__ == "__main__":
    main()
