"""A checker for the Chrome Trace Event format as Perfetto and chrome://tracing read it (the subset
Tributary writes): required fields per phase, microsecond integers, slices that nest per ``tid``, and a
name (``M`` event) for every process and lane used."""

from __future__ import annotations

NAMES = ("process_name", "thread_name", "process_sort_index", "thread_sort_index")


def problems(trace) -> list[str]:
    out: list[str] = []
    if not isinstance(trace, dict) or not isinstance(trace.get("traceEvents"), list):
        return ["not an object with a traceEvents list"]
    if trace.get("displayTimeUnit") not in ("ms", "ns"):
        out.append(f"displayTimeUnit {trace.get('displayTimeUnit')!r}")
    named_pids, named_tids, used_pids, used_tids = set(), set(), set(), set()
    slices: dict[tuple[int, int], list[tuple[int, int, str]]] = {}
    for i, e in enumerate(trace["traceEvents"]):
        where = f"event {i} {e!r:.120}"
        ph = e.get("ph")
        if not isinstance(e.get("name"), str) or not isinstance(e.get("pid"), int):
            out.append(f"{where}: name and integer pid are required")
            continue
        if ph == "M":
            if e["name"] not in NAMES or not isinstance(e.get("args"), dict):
                out.append(f"{where}: unknown metadata")
            elif e["name"].endswith("_name"):
                if not isinstance(e["args"].get("name"), str) or not e["args"]["name"]:
                    out.append(f"{where}: metadata without a name")
                elif e["name"] == "process_name":
                    named_pids.add(e["pid"])
                else:
                    named_tids.add((e["pid"], e.get("tid")))
        elif ph == "X":
            ts, dur, tid = e.get("ts"), e.get("dur"), e.get("tid")
            if not all(isinstance(v, int) and not isinstance(v, bool) for v in (ts, dur, tid)):
                out.append(f"{where}: X needs integer ts, dur (microseconds) and tid")
                continue
            if ts < 0 or dur < 0 or not isinstance(e.get("cat"), str) or not isinstance(e.get("args", {}), dict):
                out.append(f"{where}: negative time, or cat/args of the wrong type")
            used_pids.add(e["pid"])
            used_tids.add((e["pid"], tid))
            slices.setdefault((e["pid"], tid), []).append((ts, ts + dur, e["name"]))
        elif ph == "C":
            args = e.get("args")
            if not isinstance(e.get("ts"), int) or e["ts"] < 0 or not isinstance(args, dict) or not args or \
                    not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in args.values()):
                out.append(f"{where}: C needs an integer ts and numeric args")
            used_pids.add(e["pid"])
        else:
            out.append(f"{where}: phase {ph!r} is not one we write")
    for key, spans in slices.items():
        stack: list[int] = []  # ends of the open enclosing slices
        for start, end, name in sorted(spans, key=lambda s: (s[0], -s[1])):
            while stack and stack[-1] <= start:
                stack.pop()
            if stack and end > stack[-1]:
                out.append(f"slices overlap without nesting on pid/tid {key}: {name!r} [{start}, {end}]")
                break
            stack.append(end)
    out += [f"pid {pid} has no process_name" for pid in sorted(used_pids - named_pids)]
    out += [f"pid/tid {key} has no thread_name" for key in sorted(used_tids - named_tids)]
    return out
