"""gunicorn settings of the bench server (bench/scale/run.py passes `-c` this file).

A read that loads a whole table can take gigabytes in one worker (the board at 1,000,000 tickets
took 5.1 GB): on a shared machine it should fail as a MemoryError in its own worker rather than
bring in the kernel's OOM killer, so each worker's address space is capped by BENCH_WORKER_MEMORY_MB.
"""

import os
import resource

WORKER_MEMORY_MB = int(os.environ.get("BENCH_WORKER_MEMORY_MB", "8192"))


def post_fork(server, worker):
    limit = WORKER_MEMORY_MB * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
