"""Drive the bench server over loopback and time each read (a separate process from the server).

    python -m bench.scale.driver --manifest var/bench/manifest.json --port 8670 --out var/bench/drive.json

One keep-alive connection, one request at a time, so a figure is the latency of one read with the
server otherwise idle. Per endpoint: warm-up requests first, then up to --requests timed requests,
stopping early once --budget seconds are spent (a read that takes seconds still gets a few samples
without making the run take hours). Each answer must be 200; its `X-Bench-Queries` header (the bench
middleware) gives the SQL queries of the request. Uses only the standard library and urllib3.
"""

import argparse
import base64
import json
import math
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import urllib3

WARMUP_REQUESTS = 3
WARMUP_BUDGET = 10.0
READ_TIMEOUT = 600.0
PAGE = 30


@dataclass
class Endpoint:
    name: str
    path: str
    headers: dict = field(default_factory=dict)
    # What the ratio compares against: "<table>:list" (the floor's cursor page of that table) or
    # "<table>:detail" (the floor's detail); None for reads with no floor (the big backlog).
    floor: str | None = None
    # The floor endpoints that the others are compared with say which base they are.
    base_of: str | None = None


@dataclass
class Result:
    name: str
    path: str
    floor: str | None
    base_of: str | None
    samples_ms: list = field(default_factory=list)
    queries: list = field(default_factory=list)
    bytes: int = 0
    error: str | None = None

    @property
    def summary(self) -> dict:
        data = asdict(self)
        data.pop("samples_ms")
        data.update(
            runs=len(self.samples_ms), p50_ms=percentile(self.samples_ms, 50), p95_ms=percentile(self.samples_ms, 95)
        )
        data["queries"] = sorted(set(self.queries))
        return data


def percentile(samples: list, pct: float) -> float | None:
    """Nearest-rank percentile (the value of a real request, never an interpolation)."""
    if not samples:
        return None
    ordered = sorted(samples)
    return round(ordered[max(math.ceil(pct / 100 * len(ordered)) - 1, 0)], 2)


class Client:
    def __init__(self, port: int):
        self.pool = urllib3.HTTPConnectionPool(
            "127.0.0.1", port, maxsize=1, retries=False, timeout=urllib3.Timeout(connect=5, read=READ_TIMEOUT)
        )

    def get(self, path: str, headers: dict):
        return self.pool.request("GET", path, headers=headers, preload_content=True)

    def json(self, path: str, headers: dict):
        response = self.get(path, headers)
        if response.status != 200:
            raise RuntimeError(f"GET {path} answered {response.status}: {response.data[:200]!r}")
        return response, json.loads(response.data)


def _path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _link_last(header: str | None) -> str | None:
    """The `rel="last"` target of a Link header."""
    for part in (header or "").split(","):
        if 'rel="last"' in part and "<" in part:
            return _path_of(part[part.index("<") + 1 : part.index(">")])
    return None


def _cursor(position: int) -> str:
    """A DRF CursorPagination cursor at `position` (its encoding: base64 of the query string `p=…`)."""
    return quote(base64.b64encode(f"p={position}".encode()).decode())


def endpoints(manifest: dict, client: Client) -> list[Endpoint]:
    account, rare = manifest["account"], manifest["rare_word"]
    key, slug, n = account["key"], account["slug"], account["n"]
    desk, dev, issues = account["desk_tickets"], account["dev_tickets"], account["issues"]
    middle = n // 2
    bossdesk = {"Authorization": f'Token token="{key}"', "Accept": "application/json"}
    org = {"X-API-Key": key, "Accept": "application/json"}
    bearer = {"Authorization": f"Bearer {key}", "Accept": "application/json"}
    anonymous = {"Accept": "application/json"}
    easybacklog = {"Authorization": f"token {key}"}

    # The last pages come from what page 1 says (Link / X-Total-Count, `total`, `last_page_url`).
    desk_list = "/api/v1/tickets?per_page=30"
    response, _ = client.json(desk_list, bossdesk)
    total = int(response.headers.get("X-Total-Count") or desk["count"])
    desk_last = _link_last(response.headers.get("Link")) or f"{desk_list}&page={max(math.ceil(total / 30), 1)}"
    org_base = f"/api/v1/ext/orgs/{slug}/tickets"
    _, body = client.json(f"{org_base}?limit=30", org)
    org_total = body.get("total", dev["count"]) if isinstance(body, dict) else dev["count"]
    _, body = client.json("/api/issues", anonymous)
    issues_last_anonymous = _laravel_last(body, issues["public_count"])
    _, body = client.json("/api/issues", bearer)
    issues_last_key = _laravel_last(body, issues["count"])

    floors = {table: _floor(account, table) for table in ("desk", "dev", "issues")}
    # Each family is measured right beside its floor, so that a change of the machine's load between
    # the two moves both figures of a ratio alike.
    found = [
        Endpoint("BOSSDesk GET /api/v1/tickets?per_page=30, page 1", desk_list, bossdesk, "desk:list"),
        Endpoint("BOSSDesk tickets, last page", desk_last, bossdesk, "desk:list"),
        Endpoint(
            f"BOSSDesk tickets q[title_cont]={rare}", f"{desk_list}&q%5Btitle_cont%5D={rare}", bossdesk, "desk:list"
        ),
        Endpoint("BOSSDesk GET /api/v1/tickets/{id}", f"/api/v1/tickets/{middle}", bossdesk, "desk:detail"),
        *floors["desk"],
        Endpoint("Tickets API GET tickets?limit=30, offset 0", f"{org_base}?limit=30", org, "dev:list"),
        Endpoint(
            f"Tickets API tickets, offset {max(org_total - PAGE, 0)}",
            f"{org_base}?limit=30&offset={max(org_total - PAGE, 0)}",
            org,
            "dev:list",
        ),
        Endpoint("Tickets API GET tickets/board", f"{org_base}/board", org, "dev:list"),
        Endpoint(
            "Tickets API GET tickets/{slug}", f"{org_base}/{account['ticket_prefix']}-{middle}", org, "dev:detail"
        ),
        *floors["dev"],
        Endpoint("Issue Tracker GET /api/issues anonymous, page 1", "/api/issues", anonymous, "issues:list"),
        Endpoint("Issue Tracker anonymous, last page", issues_last_anonymous, anonymous, "issues:list"),
        Endpoint("Issue Tracker GET /api/issues with a key, page 1", "/api/issues", bearer, "issues:list"),
        Endpoint("Issue Tracker with a key, last page", issues_last_key, bearer, "issues:list"),
        Endpoint(
            "Issue Tracker GET /api/issues/{id}", f"/api/issues/{issues['public_middle_id']}", bearer, "issues:detail"
        ),
        *floors["issues"],
    ]
    backlog = account.get("backlog")
    if backlog:
        base = f"/api/backlogs/{backlog['id']}"
        found += [
            Endpoint(
                f"easyBacklog backlog of {backlog['stories']} stories, include_associated_data",
                f"{base}?include_associated_data=true",
                {**easybacklog, "Accept": "application/json"},
            ),
            Endpoint("easyBacklog same backlog .xls", f"{base}.xls", easybacklog),
            Endpoint("easyBacklog same backlog .pdf", f"{base}.pdf", easybacklog),
        ]
    return found


def _laravel_last(body: dict, count: int) -> str:
    """The last page of a Laravel paginator: its `last_page_url`, else computed from its total."""
    if body.get("last_page_url"):
        return _path_of(body["last_page_url"])
    total = body.get("total") or count
    return f"/api/issues?page={max(math.ceil(total / (body.get('per_page') or 15)), 1)}"


FLOOR_TABLES = {"desk": "desk-tickets", "dev": "dev-tickets", "issues": "issues"}


def _floor(account: dict, table: str) -> list[Endpoint]:
    rows = account[{"desk": "desk_tickets", "dev": "dev_tickets", "issues": "issues"}[table]]
    name = FLOOR_TABLES[table]
    detail_id = rows["public_middle_id"] if table == "issues" else rows["first_id"] + account["n"] // 2 - 1
    base = f"/bench/floor/{account['id']}/{name}"
    last_page = max(math.ceil(rows["count"] / PAGE), 1)
    plain = {"Accept": "application/json"}
    return [
        Endpoint(f"floor {name}: numbered page 1", f"{base}?page=1", plain, f"{table}:list"),
        Endpoint(f"floor {name}: numbered last page", f"{base}?page={last_page}", plain, f"{table}:list"),
        Endpoint(f"floor {name}: cursor page 1", f"{base}/cursor", plain, base_of=f"{table}:list"),
        Endpoint(
            f"floor {name}: deep cursor page",
            f"{base}/cursor?cursor={_cursor(rows['first_id'] + PAGE)}",
            plain,
            f"{table}:list",
        ),
        Endpoint(f"floor {name}: detail", f"{base}/{detail_id}", plain, base_of=f"{table}:detail"),
    ]


def measure(client: Client, endpoint: Endpoint, *, requests: int, budget: float) -> Result:
    result = Result(endpoint.name, endpoint.path, endpoint.floor, endpoint.base_of)
    try:
        warm_until = time.monotonic() + WARMUP_BUDGET
        for _ in range(WARMUP_REQUESTS):
            _check(client.get(endpoint.path, endpoint.headers), endpoint)
            if time.monotonic() > warm_until:
                break
        deadline = time.monotonic() + budget
        while len(result.samples_ms) < requests and (not result.samples_ms or time.monotonic() < deadline):
            started = time.perf_counter()
            response = client.get(endpoint.path, endpoint.headers)
            elapsed = (time.perf_counter() - started) * 1000
            _check(response, endpoint)
            result.samples_ms.append(elapsed)
            result.bytes = len(response.data)
            if "X-Bench-Queries" in response.headers:
                result.queries.append(int(response.headers["X-Bench-Queries"]))
    except (RuntimeError, urllib3.exceptions.HTTPError) as error:
        result.error = str(error)[:300]
    return result


def _check(response, endpoint: Endpoint) -> None:
    if response.status != 200:
        raise RuntimeError(f"HTTP {response.status}: {response.data[:200]!r}")
    if not response.data:
        raise RuntimeError("empty answer")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--manifest", type=Path, required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per endpoint (at most)")
    parser.add_argument("--budget", type=float, default=15.0, help="seconds of timed requests per endpoint (at most)")
    parser.add_argument("--only", default="", help="measure only endpoints whose name contains this")
    parser.add_argument("--skip", default="", help="skip endpoints whose name contains any of these (comma-separated)")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)

    manifest = json.loads(args.manifest.read_text())
    client = Client(args.port)
    results = []
    for endpoint in endpoints(manifest, client):
        if args.only and args.only not in endpoint.name:
            continue
        if any(part and part in endpoint.name for part in args.skip.split(",")):
            continue
        started = time.monotonic()
        result = measure(client, endpoint, requests=args.requests, budget=args.budget)
        summary = result.summary
        status = result.error or f"p50 {summary['p50_ms']} ms over {summary['runs']}"
        print(f"  {endpoint.name}: {status} ({time.monotonic() - started:.0f} s)", file=sys.stderr)
        results.append(summary)
    args.out.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
