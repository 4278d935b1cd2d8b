"""Prove an image holds what its service imports: run inside the image, at build time.

    python -m interview_common.imagecheck --image backend-core interview_common backend_core

A dependency that exists in a developer's virtual environment only by accident (another
package pulled it in) is the classic way an image lies: every module imports on the
developer's machine, the container starts, its healthcheck is green, and the first task it
queues fails. So this check imports, in the image:

1. every module of the service's own packages (Alembic's migration scripts excepted: Alembic
   loads them by path, and importing them outside Alembic fails by design);
2. every third-party module those sources import anywhere, function bodies included, except
   the optional backends listed in OPTIONAL (each loaded only when its setting asks for it);
3. what the configuration loads by name at run time, which no source file imports: the Celery
   broker transport and result backend for `REDIS_URL` (kombu's Redis transport needs
   `packaging`, which kombu does not declare), and the SQLAlchemy dialect and DBAPI driver for
   `DATABASE_URL`;
4. the modules named with `--also` (the service command's own entry points).

It exits 1 with one line per failure naming the image and the module, so a missing
dependency fails `docker build`, never production.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import importlib.util
import pkgutil
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

# Backends chosen by a setting whose packages an image may lack on purpose (each is imported
# lazily by the module that uses it, and a missing one is reported when that setting is chosen).
OPTIONAL = frozenset(
    {
        "deepface",  # EMOTION_BACKEND=deepface (ai-worker image built with INSTALL_DEEPFACE=true)
        "tensorflow",
        "tf_keras",
        "keras",
        "sentence_transformers",  # EMBEDDING_BACKEND=sentence-transformers
        "faster_whisper",  # STT_BACKEND=whisper
        "whisper",
    }
)
# Modules whose import has side effects meant for one program (Alembic's environment script).
SKIPPED_SUFFIXES = (".migrations",)


@dataclass(frozen=True)
class Failure:
    module: str
    reason: str
    needed_by: str

    def line(self, image: str) -> str:
        return f"image {image}: cannot import {self.module} (needed by {self.needed_by}): {self.reason}"


def _try_import(module: str, needed_by: str) -> Failure | None:
    try:
        importlib.import_module(module)
    except Exception as exc:  # any failure to import is what this check exists to report
        return Failure(module, f"{type(exc).__name__}: {exc}", needed_by)
    return None


def _excluded(module: str, excluded: Iterable[str]) -> bool:
    return any(module == e or module.startswith(f"{e}.") for e in excluded)


def package_modules(package: str, exclude: Iterable[str] = ()) -> Iterator[str]:
    """Every module of an installed package, migrations and `exclude` (with their submodules) excepted."""
    root = importlib.import_module(package)
    yield package
    for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
        if _excluded(info.name, exclude) or any(
            info.name.endswith(s) or f"{s}." in info.name for s in SKIPPED_SUFFIXES
        ):
            continue
        yield info.name


def imported_names(source: str) -> Iterator[str]:
    """Absolute module names a source file imports, at any depth (function-level imports too)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def third_party_imports(modules: Iterable[str], own: set[str]) -> dict[str, str]:
    """Top-level third-party packages the given modules' sources import, each with one module that does."""
    found: dict[str, str] = {}
    for module in modules:
        spec = importlib.util.find_spec(module)
        if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
            continue
        for name in imported_names(Path(spec.origin).read_text(encoding="utf-8")):
            top = name.split(".")[0]
            if top in own or top in OPTIONAL or top in sys.stdlib_module_names or top == "__future__":
                continue
            found.setdefault(name, module)
    return found


def configured_plugins() -> dict[str, str]:
    """Modules the settings make Celery, kombu and SQLAlchemy load by name at run time."""
    from urllib.parse import urlsplit

    from sqlalchemy.engine import make_url

    from interview_common.settings import get_settings

    settings = get_settings()
    plugins: dict[str, str] = {}
    scheme = urlsplit(settings.REDIS_URL).scheme
    transports = importlib.import_module("kombu.transport").TRANSPORT_ALIASES
    plugins[transports[scheme].split(":")[0]] = f"REDIS_URL ({scheme}://, the Celery broker)"
    backends = importlib.import_module("celery.app.backends").BACKEND_ALIASES
    plugins[backends[scheme].split(":")[0]] = f"REDIS_URL ({scheme}://, the Celery result backend)"
    url = make_url(settings.DATABASE_URL)
    plugins[f"sqlalchemy.dialects.{url.get_backend_name()}.{url.get_driver_name()}"] = "DATABASE_URL (dialect)"
    plugins[url.get_driver_name()] = "DATABASE_URL (driver)"
    return plugins


def check(packages: list[str], also: Iterable[str] = (), exclude: Iterable[str] = ()) -> list[Failure]:
    failures: list[Failure] = []
    modules: list[str] = []
    for package in packages:
        try:
            modules.extend(package_modules(package, exclude))
        except Exception as exc:
            failures.append(Failure(package, f"{type(exc).__name__}: {exc}", "the service itself"))
    wanted: dict[str, str] = {m: "the service itself" for m in modules}
    wanted |= third_party_imports(modules, own={p.split(".")[0] for p in packages})
    wanted |= configured_plugins()
    wanted |= {m: "the service's command" for m in also}
    for module, needed_by in wanted.items():
        failure = _try_import(module, needed_by)
        if failure is not None:
            failures.append(failure)
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--image", required=True, help="the image's name, for the messages")
    parser.add_argument("--also", action="append", default=[], help="another module to import (repeatable)")
    parser.add_argument(
        "--exclude", action="append", default=[], help="a subpackage this service never loads (repeatable)"
    )
    parser.add_argument("packages", nargs="+", help="the service's own top-level packages")
    args = parser.parse_args(argv)
    failures = check(args.packages, args.also, args.exclude)
    for failure in failures:
        print(failure.line(args.image), file=sys.stderr)
    if failures:
        print(f"image {args.image}: {len(failures)} import(s) failed; add the missing packages to its requirements")
        return 1
    print(f"image {args.image}: every module of {', '.join(args.packages)} and what they load imports")
    return 0


if __name__ == "__main__":
    sys.exit(main())
