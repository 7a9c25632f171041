"""The table `make bench` prints, and the JSON it writes, from the driver's results."""


def _ms(value) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def _queries(values: list) -> str:
    if not values:
        return "—"
    return str(values[0]) if len(values) == 1 else f"{values[0]}–{values[-1]}"


def with_ratios(results: list[dict]) -> list[dict]:
    """Each read's p50 over its floor's: the cursor page of the same table for a list, the
    RetrieveAPIView for a detail."""
    bases = {r["base_of"]: r["p50_ms"] for r in results if r.get("base_of") and r.get("p50_ms")}
    rows = []
    for result in results:
        base = bases.get(result.get("floor"))
        ratio = round(result["p50_ms"] / base, 2) if base and result.get("p50_ms") else None
        rows.append({**result, "ratio": ratio})
    return rows


def table(rows: list[dict], n: int) -> str:
    header = ["endpoint", "N", "runs", "p50 ms", "p95 ms", "queries", "× floor"]
    lines = []
    for row in rows:
        if row.get("error"):
            ratio = row["error"].splitlines()[0][:60]
        elif row.get("base_of"):
            ratio = "1 (floor)"
        else:
            ratio = "—" if row["ratio"] is None else f"{row['ratio']:.2f}"
        lines.append(
            [
                row["name"],
                f"{n:,}",
                str(row["runs"]),
                _ms(row["p50_ms"]),
                _ms(row["p95_ms"]),
                _queries(row["queries"]),
                ratio,
            ]
        )
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header)]
    out = ["  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths, strict=True)))]
    out.append("  ".join("-" * w for w in widths))
    for line in lines:
        out.append(
            "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths, strict=True)))
        )
    return "\n".join(out)
