"""Static checks of the Docker side: Compose files, Dockerfiles and .dockerignore.

No Docker engine is needed. The Compose files are validated against the official
Compose specification JSON schema in the copy that the `check-jsonschema` package
vendors (`check_jsonschema/builtin_schemas/vendor/compose-spec.json`), so the check
works offline; without that package the schema tests fail, they never skip.

`compose.override.yml` is merged onto `docker-compose.yml` the way `docker compose`
does for the keys these files use (mappings merged, `environment` by variable,
`volumes` by target, `command` and healthcheck `test` replaced), and variables are
interpolated with the values of `.env.example`.
"""

from __future__ import annotations

import copy
import functools
import importlib
import json
import os
import posixpath
import re
import shlex
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
COMPOSE_FILE = ROOT / "docker-compose.yml"
OVERRIDE_FILE = ROOT / "compose.override.yml"
ENV_EXAMPLE = ROOT / ".env.example"

SCHEMA_PACKAGE = "check_jsonschema.builtin_schemas.vendor"
SCHEMA_RESOURCE = "compose-spec.json"
SCHEMA_INSTALL_HINT = (
    "the Compose specification schema comes from the `check-jsonschema` package: "
    "`pip install check-jsonschema` (it is a dev requirement)"
)

SECRETS = ("SECRET_KEY", "POSTGRES_PASSWORD")
# Compose service -> (source folder, Python package) for the images built from this repo.
PYTHON_SERVICES = {
    "backend": ("backend-core", "backend_core"),
    "ai-worker": ("ai-worker", "ai_worker"),
    "media-server": ("media-server", "media_server"),
}
PUBLISHED_PORTS = {"backend": 8000, "media-server": 8080, "frontend": 3000}
HEALTHCHECK_KEYS = ("test", "interval", "timeout", "retries", "start_period")
ALLOWED_CONDITIONS = {"service_healthy", "service_completed_successfully"}
# Top-level Python package -> the repository folder that holds it.
PACKAGE_FOLDERS = {
    "interview_common": "common",
    "backend_core": "backend-core",
    "ai_worker": "ai-worker",
    "media_server": "media-server",
}
# Never searched for Dockerfiles: tool and dependency folders, build output.
PRUNED_DIRS = {"node_modules", "__pycache__", "data", "build", "dist", "test-artifacts"}

Document = dict[str, Any]


# --- Compose: loading, merging, interpolation -------------------------------------


def load_yaml(path: Path) -> Document:
    assert path.is_file(), f"{path.relative_to(ROOT)} is missing"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.relative_to(ROOT)} is not a YAML mapping"
    return data


def _as_mapping(value: Any) -> dict[str, Any]:
    """`environment` and `labels` may be a mapping or a list of KEY=VALUE strings."""
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return dict(value)
    result: dict[str, Any] = {}
    for item in value:
        key, sep, val = str(item).partition("=")
        result[key] = val if sep else None
    return result


def _volume_target(volume: Any) -> str:
    if isinstance(volume, Mapping):
        return str(volume.get("target", ""))
    parts = str(volume).split(":")
    return parts[1] if len(parts) > 1 else parts[0]


def _merge_value(key: str, current: Any, value: Any) -> Any:
    if key in {"command", "entrypoint", "test"} or current is None:
        return copy.deepcopy(value)
    if key in {"environment", "labels"}:
        return {**_as_mapping(current), **_as_mapping(value)}
    if key == "volumes" and isinstance(current, list) and isinstance(value, list):
        by_target = {_volume_target(v): v for v in current}
        by_target.update({_volume_target(v): v for v in value})
        return [copy.deepcopy(v) for v in by_target.values()]
    if isinstance(current, Mapping) and isinstance(value, Mapping):
        merged = copy.deepcopy(dict(current))
        for sub_key, sub_value in value.items():
            merged[sub_key] = _merge_value(str(sub_key), merged.get(sub_key), sub_value)
        return merged
    if isinstance(current, list) and isinstance(value, list):
        return copy.deepcopy(current) + [copy.deepcopy(v) for v in value if v not in current]
    return copy.deepcopy(value)


def merge_compose(base: Mapping[str, Any], override: Mapping[str, Any]) -> Document:
    """Merge a Compose override onto a base file (the subset of Compose's rules used here)."""
    merged = copy.deepcopy(dict(base))
    for key, value in override.items():
        merged[key] = _merge_value(str(key), merged.get(key), value)
    return merged


_INTERPOLATION = re.compile(r"\$(?:(?P<escaped>\$)|\{(?P<braced>[^}]*)\}|(?P<named>[A-Za-z_][A-Za-z0-9_]*))")
_BRACED = re.compile(r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>.*))?", re.DOTALL)


class InterpolationError(ValueError):
    """A variable reference Compose would refuse (or that this test cannot follow)."""


@dataclass(frozen=True)
class Reference:
    name: str
    operator: str  # "", "-", ":-", "?", ":?", "+", ":+"
    argument: str


def _parse_reference(match: re.Match[str]) -> Reference | None:
    if match["escaped"]:
        return None
    if match["named"]:
        return Reference(match["named"], "", "")
    braced = _BRACED.fullmatch(match["braced"])
    if braced is None:
        raise InterpolationError(f"invalid interpolation: ${{{match['braced']}}}")
    argument = braced["arg"] or ""
    if "$" in argument:
        raise InterpolationError(f"nested interpolation is not supported here: ${{{match['braced']}}}")
    return Reference(braced["name"], braced["op"] or "", argument)


def iter_strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, Mapping):
        for key, value in node.items():
            yield from iter_strings(key)
            yield from iter_strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from iter_strings(item)


def compose_references(document: Any) -> list[Reference]:
    references: list[Reference] = []
    for text in iter_strings(document):
        for match in _INTERPOLATION.finditer(text):
            reference = _parse_reference(match)
            if reference is not None:
                references.append(reference)
    return references


def interpolate_string(text: str, env: Mapping[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        reference = _parse_reference(match)
        if reference is None:
            return "$"
        value = env.get(reference.name)
        if not reference.operator:
            return value or ""
        missing = not value if reference.operator.startswith(":") else value is None
        kind = reference.operator[-1]
        if kind == "-":
            return reference.argument if missing else str(value)
        if kind == "?":
            if missing:
                raise InterpolationError(f"required variable {reference.name} is not set: {reference.argument}")
            return str(value)
        return "" if missing else reference.argument  # "+": alternative value when set

    return _INTERPOLATION.sub(replace, text)


def interpolate(node: Any, env: Mapping[str, str]) -> Any:
    if isinstance(node, str):
        return interpolate_string(node, env)
    if isinstance(node, Mapping):
        return {key: interpolate(value, env) for key, value in node.items()}
    if isinstance(node, list):
        return [interpolate(item, env) for item in node]
    return node


def read_env_file(path: Path) -> dict[str, str]:
    """Read a dotenv file as Compose does for the simple KEY=value lines we use."""
    values: dict[str, str] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line.removeprefix("export ").lstrip()
        key, sep, value = line.partition("=")
        assert sep, f"{path.name} line {number} is not KEY=value: {raw!r}"
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        else:
            value = re.split(r"\s+#", value, maxsplit=1)[0]
        values[key.strip()] = value
    return values


def read_env_example() -> dict[str, str]:
    assert ENV_EXAMPLE.is_file(), ".env.example is missing: it supplies every variable the Compose files use"
    return read_env_file(ENV_EXAMPLE)


def services_of(document: Mapping[str, Any]) -> dict[str, Document]:
    services = document.get("services")
    assert isinstance(services, dict), "the Compose file has no `services:` mapping"
    assert services, "the Compose file declares no services"
    return services


def depends_on_of(service: Mapping[str, Any]) -> dict[str, Any]:
    depends_on = service.get("depends_on") or {}
    if isinstance(depends_on, list):
        return {name: None for name in depends_on}
    return dict(depends_on)


def one_shot_services(document: Mapping[str, Any]) -> set[str]:
    """Services others wait for with `service_completed_successfully` (run once, then exit)."""
    return {
        name
        for service in services_of(document).values()
        for name, spec in depends_on_of(service).items()
        if isinstance(spec, Mapping) and spec.get("condition") == "service_completed_successfully"
    }


# --- Dockerfiles and .dockerignore ---------------------------------------------------


@dataclass(frozen=True)
class Instruction:
    keyword: str
    arguments: str
    line: int


_DIRECTIVE = re.compile(r"#\s*([A-Za-z][A-Za-z0-9_]*)\s*=\s*(\S+)\s*")
_HEREDOC = re.compile(r"<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_]*)\2")


def parse_dockerfile(text: str) -> list[Instruction]:
    """Split a Dockerfile into instructions: continuations joined, comments and heredoc bodies dropped."""
    lines = text.splitlines()
    escape = "\\"
    index = 0
    while index < len(lines) and (directive := _DIRECTIVE.fullmatch(lines[index].strip())):
        if directive[1].lower() == "escape":
            escape = directive[2]
        index += 1
    instructions: list[Instruction] = []
    while index < len(lines):
        start = index + 1
        current = lines[index]
        index += 1
        if not current.strip() or current.lstrip().startswith("#"):
            continue
        parts: list[str] = []
        while True:
            stripped = current.rstrip()
            if not stripped.endswith(escape):
                parts.append(stripped)
                break
            parts.append(stripped[: -len(escape)])
            while index < len(lines) and (not lines[index].strip() or lines[index].lstrip().startswith("#")):
                index += 1
            if index >= len(lines):
                break
            current = lines[index]
            index += 1
        keyword, _, arguments = "".join(parts).strip().partition(" ")
        keyword = keyword.upper()
        arguments = arguments.strip()
        if keyword in {"RUN", "COPY", "ADD"}:
            for heredoc in _HEREDOC.finditer(arguments):
                strip_tabs, delimiter = heredoc[1] == "-", heredoc[3]
                while index < len(lines):
                    body_line = lines[index].lstrip("\t") if strip_tabs else lines[index]
                    index += 1
                    if body_line == delimiter:
                        break
        instructions.append(Instruction(keyword, arguments, start))
    return instructions


def copy_sources(instructions: list[Instruction]) -> Iterator[tuple[Instruction, str]]:
    """The build-context sources of every COPY/ADD (not --from stages, URLs or heredocs)."""
    for instruction in instructions:
        if instruction.keyword not in {"COPY", "ADD"}:
            continue
        rest = instruction.arguments
        flags: list[str] = []
        while rest.startswith("--"):
            flag, _, rest = rest.partition(" ")
            flags.append(flag)
            rest = rest.lstrip()
        if any(flag.startswith("--from") for flag in flags):
            continue
        tokens = json.loads(rest) if rest.startswith("[") else shlex.split(rest)
        assert len(tokens) >= 2, f"line {instruction.line}: {instruction.keyword} needs a source and a destination"
        for source in tokens[:-1]:
            if source.startswith("<<") or re.match(r"(https?|git)://|git@", source):
                continue
            yield instruction, source


@dataclass(frozen=True)
class IgnoreRule:
    pattern: str
    negated: bool
    regex: re.Pattern[str]


def _glob_regex(pattern: str) -> re.Pattern[str]:
    """Translate a .dockerignore pattern as Docker's pattern matcher does."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**", i):
            i += 2
            if pattern.startswith("/", i):
                out.append("(?:.*/)?")
                i += 1
            else:
                out.append(".*")
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[" and (end := pattern.find("]", i + 1)) != -1:
            body = pattern[i + 1 : end]
            out.append("[" + ("^" + body[1:] if body.startswith(("!", "^")) else body) + "]")
            i = end + 1
            continue
        elif char == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        else:
            out.append(re.escape(char))
        i += 1
    return re.compile("".join(out))


def parse_dockerignore(text: str) -> list[IgnoreRule]:
    rules: list[IgnoreRule] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        line = line.removeprefix("!").strip()
        pattern = posixpath.normpath(line)
        if len(pattern) > 1:
            pattern = pattern.lstrip("/")
        if pattern in {"", ".", "/"}:
            continue
        rules.append(IgnoreRule(pattern, negated, _glob_regex(pattern)))
    return rules


def is_ignored(relative_path: str, rules: list[IgnoreRule]) -> bool:
    """Whether Docker leaves the path out of the context: the last rule matching it or a parent wins."""
    parts = posixpath.normpath(relative_path).split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    ignored = False
    for rule in rules:
        if any(rule.regex.fullmatch(candidate) for candidate in candidates):
            ignored = not rule.negated
    return ignored


@dataclass(frozen=True)
class BuildSpec:
    service: str
    context: Path
    dockerfile: Path

    def ignore_rules(self) -> list[IgnoreRule]:
        # BuildKit prefers <Dockerfile>.dockerignore beside the Dockerfile over <context>/.dockerignore.
        specific = self.dockerfile.with_name(self.dockerfile.name + ".dockerignore")
        path = specific if specific.is_file() else self.context / ".dockerignore"
        return parse_dockerignore(path.read_text(encoding="utf-8")) if path.is_file() else []


def build_specs(document: Mapping[str, Any]) -> list[BuildSpec]:
    specs: list[BuildSpec] = []
    for name, service in services_of(document).items():
        build = service.get("build")
        if build is None:
            continue
        if isinstance(build, str):
            build = {"context": build}
        context = (ROOT / build.get("context", ".")).resolve()
        dockerfile = (context / build.get("dockerfile", "Dockerfile")).resolve()
        specs.append(BuildSpec(name, context, dockerfile))
    return specs


def find_dockerfiles() -> list[Path]:
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(ROOT):
        dirnames[:] = sorted(d for d in dirnames if d not in PRUNED_DIRS and not d.startswith("."))
        if "Dockerfile" in filenames:
            found.append(Path(dirpath, "Dockerfile").resolve())
    return sorted(found)


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


_MODULE_REFERENCE = re.compile(
    r"(?:-m\s+|-A\s+|\b)(?P<module>(?:" + "|".join(PACKAGE_FOLDERS) + r")(?:\.[A-Za-z_][A-Za-z0-9_]*)*)"
)


def module_file(module: str) -> Path | None:
    """The source file of a module of this repository's packages, or None when there is none."""
    package, *rest = module.split(".")
    base = (ROOT / PACKAGE_FOLDERS[package] / package).joinpath(*rest)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


# --- Fixtures ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def base() -> Document:
    return load_yaml(COMPOSE_FILE)


@pytest.fixture(scope="module")
def override() -> Document:
    return load_yaml(OVERRIDE_FILE)


@pytest.fixture(scope="module")
def merged(base: Document, override: Document) -> Document:
    return merge_compose(base, override)


@pytest.fixture(params=["production", "development"])
def compose_stack(request: pytest.FixtureRequest, base: Document, merged: Document) -> Document:
    """docker-compose.yml alone, and with compose.override.yml merged on top."""
    return base if request.param == "production" else merged


# --- The Compose specification schema ------------------------------------------------


@functools.cache
def compose_validator() -> Any:
    """The official Compose specification schema, as vendored by check-jsonschema (works offline)."""
    try:
        jsonschema = importlib.import_module("jsonschema")
        schema_text = resources.files(SCHEMA_PACKAGE).joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        problem = str(exc)
    else:
        problem = ""
    if problem:
        pytest.fail(f"cannot load the Compose specification schema ({problem}); {SCHEMA_INSTALL_HINT}", pytrace=False)
    schema = json.loads(schema_text)
    assert schema.get("title") == "Compose Specification", f"unexpected schema in {SCHEMA_PACKAGE}"
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def schema_errors(document: Any) -> list[str]:
    errors = sorted(compose_validator().iter_errors(document), key=lambda error: [str(p) for p in error.absolute_path])
    return [f"{'/'.join(str(p) for p in error.absolute_path) or '<root>'}: {error.message}" for error in errors]


# --- (a) The Compose specification -----------------------------------------------


def test_validate_compose_file_against_spec(base: Document) -> None:
    errors = schema_errors(base)
    assert not errors, "docker-compose.yml breaks the Compose specification:\n" + "\n".join(errors)
    assert "version" not in base, "the top-level `version:` is obsolete in the Compose specification"


def test_validate_override_file_against_spec(override: Document) -> None:
    errors = schema_errors(override)
    assert not errors, "compose.override.yml breaks the Compose specification:\n" + "\n".join(errors)
    assert "version" not in override, "the top-level `version:` is obsolete in the Compose specification"


def test_validate_merged_stack_against_spec(merged: Document) -> None:
    errors = schema_errors(merged)
    assert not errors, "docker-compose.yml + compose.override.yml breaks the Compose specification:\n" + "\n".join(
        errors
    )


def test_validate_schema_rejects_unknown_key() -> None:
    bad = {"services": {"web": {"image": "nginx", "healthchek": {"test": ["CMD", "true"]}}}}
    assert schema_errors(bad), "the schema accepted a misspelt key: it validates nothing"


def test_interpolate_stack_with_env_example(merged: Document) -> None:
    try:
        resolved = interpolate(merged, read_env_example())
    except InterpolationError as exc:
        pytest.fail(f"with the values of .env.example, {exc}", pytrace=False)
    errors = schema_errors(resolved)
    assert not errors, "the interpolated stack breaks the Compose specification:\n" + "\n".join(errors)
    for name in PYTHON_SERVICES:
        url = urlsplit(str(resolved["services"][name]["environment"]["DATABASE_URL"]))
        assert (url.hostname, url.port) == ("db", 5432), (
            f"{name}: DATABASE_URL does not reach db:5432 (is POSTGRES_PASSWORD URL-safe?)"
        )


# --- (b) Healthchecks and start-up order -----------------------------------------


def test_declare_healthcheck_every_long_running_service(compose_stack: Document) -> None:
    one_shot = one_shot_services(compose_stack)
    problems: list[str] = []
    for name, service in services_of(compose_stack).items():
        if name in one_shot:
            continue
        healthcheck = service.get("healthcheck")
        if not isinstance(healthcheck, Mapping):
            problems.append(f"{name}: no healthcheck")
            continue
        if healthcheck.get("disable") in (True, "true"):
            problems.append(f"{name}: healthcheck disabled")
        test = healthcheck.get("test")
        if not test or (isinstance(test, list) and test[0] == "NONE"):
            problems.append(f"{name}: healthcheck has no test")
        problems.extend(f"{name}: healthcheck sets no {key}" for key in HEALTHCHECK_KEYS if key not in healthcheck)
    assert not problems, "\n".join(problems)


def test_declare_condition_every_depends_on(compose_stack: Document) -> None:
    services = services_of(compose_stack)
    problems: list[str] = []
    for name, service in services.items():
        for dependency, spec in depends_on_of(service).items():
            condition = spec.get("condition") if isinstance(spec, Mapping) else None
            if condition not in ALLOWED_CONDITIONS:
                problems.append(f"{name} -> {dependency}: condition {condition!r}, want one of {ALLOWED_CONDITIONS}")
            if dependency not in services:
                problems.append(f"{name} -> {dependency}: no such service")
            elif condition == "service_healthy" and "healthcheck" not in services[dependency]:
                problems.append(f"{name} -> {dependency}: waits for health but {dependency} has no healthcheck")
    assert not problems, "\n".join(problems)


def test_restart_long_running_services_unless_stopped(compose_stack: Document) -> None:
    one_shot = one_shot_services(compose_stack)
    problems = [
        f"{name}: restart {service.get('restart')!r}"
        for name, service in services_of(compose_stack).items()
        if service.get("restart", "no") != ("no" if name in one_shot else "unless-stopped")
    ]
    assert not problems, "long-running services restart unless-stopped, one-shot ones never:\n" + "\n".join(problems)


def test_run_prestart_before_python_services(compose_stack: Document) -> None:
    services = services_of(compose_stack)
    assert one_shot_services(compose_stack) == {"prestart"}, "prestart must be the only one-shot service"
    prestart = services["prestart"]
    assert prestart.get("command") == ["python", "-m", "interview_common.prestart"]
    assert prestart.get("image") == services["backend"].get("image"), "prestart runs from the backend image"
    assert depends_on_of(prestart) == {"db": {"condition": "service_healthy"}}
    for name in PYTHON_SERVICES:
        assert depends_on_of(services[name]).get("prestart") == {"condition": "service_completed_successfully"}, (
            f"{name} must wait for the migrations (prestart)"
        )


def test_publish_expected_ports(base: Document) -> None:
    services = services_of(interpolate(base, read_env_example()))
    for name, port in PUBLISHED_PORTS.items():
        assert f"{port}:{port}" in services[name].get("ports", []), f"{name} must publish {port}"
        assert str(port) in json.dumps(services[name]["healthcheck"]["test"]), f"{name}: healthcheck misses {port}"


def test_run_existing_modules(merged: Document) -> None:
    commands: list[str] = []
    for service in services_of(merged).values():
        commands.extend(iter_strings(service.get("command")))
        commands.extend(iter_strings((service.get("healthcheck") or {}).get("test")))
    for spec in build_specs(merged):
        if spec.dockerfile.is_file():
            instructions = parse_dockerfile(spec.dockerfile.read_text(encoding="utf-8"))
            commands.extend(i.arguments for i in instructions if i.keyword in {"CMD", "ENTRYPOINT"})
    modules = {match["module"] for command in commands for match in _MODULE_REFERENCE.finditer(command)}
    assert modules, "no command names a module of this repository"
    missing = sorted(module for module in modules if module_file(module) is None)
    assert not missing, f"commands run modules that do not exist: {', '.join(missing)}"


# --- (c) Dockerfiles against their build contexts ----------------------------------


def test_build_each_image_in_one_service(base: Document) -> None:
    """Services sharing an image name it without `build:`: Compose would build it once per service, in parallel."""
    builders: dict[str, list[str]] = {}
    for name, service in services_of(base).items():
        if "build" in service:
            builders.setdefault(str(service.get("image")), []).append(name)
    shared = {image: names for image, names in builders.items() if len(names) > 1}
    assert not shared, f"images built by more than one service: {shared}"
    images = {str(s.get("image")) for s in services_of(base).values()}
    for name, service in services_of(base).items():
        image = str(service.get("image"))
        if image.startswith("interview-platform/"):
            assert image in builders, f"{name} uses {image}, which no service builds"
    assert images >= set(builders)


def test_reference_every_dockerfile_from_compose(merged: Document) -> None:
    specs = build_specs(merged)
    referenced = {spec.dockerfile for spec in specs}
    missing = [f"{spec.service}: {relative(spec.dockerfile)}" for spec in specs if not spec.dockerfile.is_file()]
    assert not missing, "Dockerfiles named in compose but absent:\n" + "\n".join(missing)
    orphans = [relative(path) for path in find_dockerfiles() if path not in referenced]
    assert not orphans, "Dockerfiles no Compose service builds (their context is unknown):\n" + "\n".join(orphans)


def test_copy_sources_exist_in_build_context(merged: Document) -> None:
    problems: list[str] = []
    for spec in build_specs(merged):
        if not spec.dockerfile.is_file():
            problems.append(f"{spec.service}: {relative(spec.dockerfile)} is missing")
            continue
        for instruction, source in copy_sources(parse_dockerfile(spec.dockerfile.read_text(encoding="utf-8"))):
            where = f"{relative(spec.dockerfile)}:{instruction.line} {instruction.keyword} {source}"
            target = (spec.context / source.lstrip("/")).resolve()
            if not target.is_relative_to(spec.context):
                problems.append(f"{where}: outside the build context {relative(spec.context)}")
            elif not (list(spec.context.glob(source.lstrip("/"))) if re.search(r"[*?\[]", source) else target.exists()):
                problems.append(f"{where}: not found in the build context {relative(spec.context) or '.'}")
    assert not problems, "\n".join(problems)


def test_copy_sources_not_dockerignored(merged: Document) -> None:
    problems: list[str] = []
    for spec in build_specs(merged):
        if not spec.dockerfile.is_file():
            continue
        rules = spec.ignore_rules()
        for instruction, source in copy_sources(parse_dockerfile(spec.dockerfile.read_text(encoding="utf-8"))):
            path = posixpath.normpath(source.lstrip("/")).rstrip("/")
            if path != "." and is_ignored(path, rules):
                problems.append(
                    f"{relative(spec.dockerfile)}:{instruction.line}: {source} is excluded by .dockerignore"
                )
    assert not problems, "\n".join(problems)


def test_exclude_local_state_from_root_context() -> None:
    rules = parse_dockerignore((ROOT / ".dockerignore").read_text(encoding="utf-8"))
    for path in (
        ".git",
        ".venv",
        ".env",
        "data/x",
        "frontend/node_modules/x",
        "frontend/dist/x",
        "bench/results/x",
        "common/interview_common/__pycache__/x.pyc",
        ".pytest_cache/x",
        "common/build/lib/x.py",
    ):
        assert is_ignored(path, rules), f"{path} reaches the root build context"
    for path in (
        "common/requirements.txt",
        "common/pyproject.toml",
        "common/interview_common/alembic.ini",
        "common/interview_common/migrations/versions/0001_initial.py",
        "backend-core/backend_core/main.py",
    ):
        assert not is_ignored(path, rules), f"{path} is needed by the images but excluded"


def test_build_python_images_as_specified(merged: Document) -> None:
    specs = {spec.service: spec for spec in build_specs(merged)}
    for name, (folder, _package) in PYTHON_SERVICES.items():
        spec = specs[name]
        assert spec.context == ROOT, f"{name}: the build context is the repository root (it copies common/)"
        assert spec.dockerfile == ROOT / folder / "Dockerfile"
        instructions = parse_dockerfile(spec.dockerfile.read_text(encoding="utf-8"))
        keywords = [i.keyword for i in instructions]
        assert [i.arguments for i in instructions if i.keyword == "FROM"] == ["python:3.11-slim-bookworm"], name
        env = " ".join(i.arguments for i in instructions if i.keyword == "ENV")
        assert "PYTHONDONTWRITEBYTECODE=1" in env, name
        assert "PYTHONUNBUFFERED=1" in env, name
        users = [i.arguments for i in instructions if i.keyword == "USER"]
        assert users, f"{name}: the image must switch to a non-root USER"
        assert users[-1].split(":")[0] not in {"root", "0"}, f"{name}: the image must run as non-root"
        assert keywords.index("USER") > max(i for i, k in enumerate(keywords) if k == "RUN"), f"{name}: USER too early"
        copies = [i.arguments for i in instructions if i.keyword == "COPY"]
        assert copies[:2] == [
            "common/requirements.txt common/requirements.txt",
            f"{folder}/requirements.txt {folder}/requirements.txt",
        ], f"{name}: copy the requirement files first, for layer caching"
        runs = " ".join(i.arguments for i in instructions if i.keyword == "RUN")
        assert "pip install" in runs, name
        assert f"-r common/requirements.txt -r {folder}/requirements.txt" in runs, name
        assert f"pip install --no-deps ./common ./{folder}" in runs, name


# --- (d) The database --------------------------------------------------------------


def test_use_pgvector_image_pg17_or_newer(base: Document) -> None:
    db = services_of(base).get("db")
    assert db is not None, "no db service"
    image = str(db.get("image", ""))
    match = re.fullmatch(r"pgvector/pgvector:pg(\d+)(?:[-.][\w.-]*)?", image)
    assert match is not None, f"db image {image!r} is not pgvector/pgvector:pgNN"
    assert int(match[1]) >= 17, f"db image {image!r}: PostgreSQL 17 or newer"
    assert interpolate(db.get("container_name"), read_env_example()) == "interview_db"
    assert "pg_isready" in json.dumps(db["healthcheck"]["test"]), "db healthcheck must use pg_isready"


# --- (e) Variables -------------------------------------------------------------------


def test_document_every_compose_variable_in_env_example(base: Document, override: Document) -> None:
    referenced = {reference.name for reference in compose_references(base) + compose_references(override)}
    missing = sorted(referenced - read_env_example().keys())
    assert not missing, f".env.example lacks variables the Compose files use: {', '.join(missing)}"


def test_require_secrets_without_defaults(base: Document) -> None:
    references = compose_references(base)
    for secret in SECRETS:
        operators = {reference.operator for reference in references if reference.name == secret}
        assert operators == {":?"}, f"{secret} must be referenced only as ${{{secret}:?...}}, found {operators}"


# --- Development override ------------------------------------------------------------


def test_mount_sources_in_development_override(override: Document) -> None:
    services = services_of(override)
    mounted = {
        **{name: f"{folder}/{package}" for name, (folder, package) in PYTHON_SERVICES.items()},
        "ai-worker-media": "ai-worker/ai_worker",
        "beat": "ai-worker/ai_worker",
        "prestart": "",
    }
    for name, own_package in mounted.items():
        service = services.get(name)
        assert service is not None, f"compose.override.yml does not cover {name}"
        environment = _as_mapping(service.get("environment"))
        assert environment.get("ENV") == "development", f"{name}: ENV=development"
        pythonpath = str(environment.get("PYTHONPATH", "")).split(":")
        volumes = {str(v).split(":")[0]: str(v).split(":")[1] for v in service.get("volumes", [])}
        for source in filter(None, ("common/interview_common", own_package)):
            target = volumes.get(f"./{source}")
            assert target is not None, f"{name}: ./{source} is not mounted"
            assert (ROOT / source).is_dir(), f"{name}: ./{source} does not exist on the host"
            assert posixpath.dirname(target) in pythonpath, f"{name}: {target} is not first on PYTHONPATH"
    for name in ("backend", "media-server"):
        assert "--reload" in services[name].get("command", []), f"{name}: uvicorn --reload in development"


# --- The helpers themselves ------------------------------------------------------------


def test_parse_dockerfile_joins_continuations_and_skips_heredocs() -> None:
    text = (
        "# escape=\\\nFROM python:3.11-slim-bookworm\n# comment\nRUN apt-get update \\\n"
        "    # inner comment\n    && true\nRUN <<EOF\nCOPY not/an/instruction .\nEOF\n"
        'COPY --chown=app ["a b", "c", "/dst/"]\nCOPY --from=build /x /y\n'
    )
    instructions = parse_dockerfile(text)
    assert [i.keyword for i in instructions] == ["FROM", "RUN", "RUN", "COPY", "COPY"]
    assert instructions[1].arguments == "apt-get update     && true"
    assert [source for _, source in copy_sources(instructions)] == ["a b", "c"]


def test_match_dockerignore_parent_and_exception() -> None:
    rules = parse_dockerignore("**/__pycache__\nfrontend\n!frontend/keep\n/docs/*.md\n")
    assert is_ignored("a/b/__pycache__/c.pyc", rules)
    assert is_ignored("frontend/src/App.jsx", rules)
    assert not is_ignored("frontend/keep", rules)
    assert is_ignored("docs/a.md", rules)
    assert not is_ignored("docs/sub/a.md", rules)
    assert not is_ignored("common/x.py", rules)


def test_interpolate_required_variable_missing() -> None:
    assert interpolate_string("$${HOME}:${A:-x}:${B-y}:${C:+z}", {"B": "", "C": "1"}) == "${HOME}:x::z"
    with pytest.raises(InterpolationError, match="SECRET_KEY"):
        interpolate_string("${SECRET_KEY:?Variable not set}", {"SECRET_KEY": ""})


def test_merge_override_volumes_by_target() -> None:
    base = {"services": {"s": {"environment": ["A=1", "B=2"], "volumes": ["v:/data"], "command": ["a"]}}}
    override = {"services": {"s": {"environment": {"B": "3"}, "volumes": ["./x:/data", "./y:/y"], "command": ["b"]}}}
    service = merge_compose(base, override)["services"]["s"]
    assert service == {"environment": {"A": "1", "B": "3"}, "volumes": ["./x:/data", "./y:/y"], "command": ["b"]}
