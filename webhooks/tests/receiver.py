"""A local HTTP receiver for tests: a ThreadingHTTPServer on 127.0.0.1 in a thread that records every
request and answers from a script of status codes. It speaks HTTP/1.1 with keep-alive, as real
receivers do, and counts the connections it was sent (to see the sender reuse them)."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    def __init__(self, statuses=None, delay: float = 0.0, on_request=None):
        self.requests: list[dict] = []
        self.statuses = list(statuses or [])  # answered in turn; 200 once exhausted
        self.delay = delay
        self.on_request = on_request
        self.lock = threading.Lock()
        self.arrived = threading.Condition(self.lock)
        self.connections = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self):
                super().setup()
                with receiver.lock:
                    receiver.connections += 1

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                record = {"path": self.path, "headers": dict(self.headers.items()), "body": body, "at": time.time()}
                if receiver.on_request:
                    receiver.on_request(record)
                if receiver.delay:
                    time.sleep(receiver.delay)
                with receiver.lock:
                    status = receiver.statuses.pop(0) if receiver.statuses else 200
                    receiver.requests.append(record)
                    receiver.arrived.notify_all()
                self.send_response(status)
                if 300 <= status < 400:
                    self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
                answer = b"ok" if status < 300 else b"nope " * 1000
                self.send_header("content-type", "text/plain")
                self.send_header("content-length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def wait_for(self, count: int, timeout: float = 10.0) -> list[dict]:
        deadline = time.monotonic() + timeout
        with self.lock:
            while len(self.requests) < count and time.monotonic() < deadline:
                self.arrived.wait(max(deadline - time.monotonic(), 0.01))
            return list(self.requests)
