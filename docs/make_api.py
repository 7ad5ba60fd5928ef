"""Generate the API reference, ``docs/api.md``, from the library's docstrings.

Usage: ``python docs/make_api.py`` (writes docs/api.md) or ``python docs/make_api.py --check``
(exit status 1 when docs/api.md is out of date).  ``tests/test_docs.py`` runs the check.

What is documented: every public module of ``coop_sim`` (no name part starting with ``_``)
that defines ``__all__``, in alphabetical order, except the numba kernels
(``coop_sim.engine``), the command-line plumbing (``coop_sim.cli_*``; ``coop-sim --help``
documents the commands) and the Solara pages of the web app (``coop_sim.app.*``,
``coop_sim.spatial.app``).  For each name in ``__all__``: its signature, the summary
paragraph of its docstring and its ``Parameters`` (or, for classes without them,
``Attributes``) section; for classes also their public methods and properties with their
summaries.  A name exported by several modules is documented once, where it is first met
(packages come before their modules), and listed as "also exported" elsewhere.

The output depends only on the source: no memory addresses, no version numbers, no dates.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import sys
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "api.md"
EXCLUDED = ("coop_sim.engine", "coop_sim.cli_", "coop_sim.app.", "coop_sim.spatial.app")
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
_SECTION = re.compile(r"^([A-Z][A-Za-z ]+)\n-{3,}\n", re.MULTILINE)
_MAX_REPR = 100
_ROLE = re.compile(r":(?:py:)?(?:class|func|meth|mod|data|attr|obj|exc|ref|const):`([^`]+)`")


def public_modules() -> list[str]:
    """Names of the documented modules, sorted (a package before its modules)."""
    import coop_sim

    names = ["coop_sim"]
    for info in pkgutil.walk_packages(coop_sim.__path__, prefix="coop_sim."):
        name = info.name
        if any(part.startswith("_") for part in name.split(".")):
            continue
        if name.startswith(EXCLUDED) or name in EXCLUDED:
            continue
        names.append(name)
    kept = []
    for name in sorted(names):
        module = importlib.import_module(name)
        if isinstance(getattr(module, "__all__", None), (list, tuple)):
            kept.append(name)
    return kept


# ----------------------------------------------------------------------------- docstrings


def sections(doc: str) -> dict[str, str]:
    """A numpydoc docstring split into ``{'': summary part, 'Parameters': ..., ...}``."""
    out: dict[str, str] = {}
    matches = list(_SECTION.finditer(doc))
    out[""] = doc[: matches[0].start()] if matches else doc
    for k, match in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(doc)
        out[match.group(1).strip()] = doc[match.end() : end]
    return out


def summary(doc: str | None) -> str:
    """The first paragraph of a docstring, on one line."""
    if not doc:
        return ""
    head = sections(doc)[""].strip().split("\n\n")[0]
    return prose(" ".join(head.split()))


def parameters(text: str) -> list[str]:
    """A numpydoc ``Parameters`` (or ``Attributes``) section as Markdown list items."""
    items: list[str] = []
    name, kind, body = None, "", []

    def flush() -> None:
        if name is not None:
            what = f" (*{kind}*)" if kind else ""
            desc = prose(" ".join(" ".join(body).split()))
            items.append(f"- `{name}`{what}" + (f": {desc}" if desc else ""))

    for line in text.splitlines():
        if not line.strip():
            body.append("")
            continue
        if not line.startswith((" ", "\t")):
            flush()
            head, _, kind = line.partition(" : ")
            name, kind, body = head.strip(), " ".join(kind.split()), []
        else:
            body.append(line.strip())
    flush()
    return items


def clean(text: str) -> str:
    """``text`` without memory addresses (reprs of functions and objects)."""
    return _ADDRESS.sub("", text)


def prose(text: str) -> str:
    """Sphinx cross-reference roles as plain code: ``:class:`~a.B``` -> ```B```."""

    def name(match: re.Match) -> str:
        target = match.group(1)
        shown = re.match(r"^(.*?)\s*<[^>]+>$", target)
        if shown:
            return f"`{shown.group(1)}`"
        if target.startswith("~"):
            target = target.rsplit(".", 1)[-1]
        return f"`{target}`"

    return _ROLE.sub(name, text)


class _Raw:
    """An annotation shown as written (no quotes around string annotations)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _raw(annotation: object) -> object:
    if annotation is inspect.Parameter.empty:
        return annotation
    return _Raw(annotation if isinstance(annotation, str) else inspect.formatannotation(annotation))


def signature(obj: object, *, drop_return: bool = False) -> str | None:
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return None
    params = [p.replace(annotation=_raw(p.annotation)) for p in sig.parameters.values()]
    ret = inspect.Signature.empty if drop_return else _raw(sig.return_annotation)
    return clean(str(sig.replace(parameters=params, return_annotation=ret)))


def anchor(heading: str) -> str:
    """GitHub's id for a heading ``heading`` (code spans: the text without backticks)."""
    text = re.sub(r"[^\w\- ]", "", heading.lower())
    return text.replace(" ", "-")


# ----------------------------------------------------------------------------- entries


def constant_comment(module: types.ModuleType, name: str) -> str:
    """The ``#:`` comment above ``name = ...`` in the module's source, if any."""
    try:
        lines = inspect.getsource(module).splitlines()
    except (OSError, TypeError):
        return ""
    pattern = re.compile(rf"^{re.escape(name)}\s*(:[^=]*)?=")
    for k, line in enumerate(lines):
        if pattern.match(line):
            notes = []
            j = k - 1
            while j >= 0 and lines[j].startswith("#:"):
                notes.insert(0, lines[j][2:].strip())
                j -= 1
            return prose(" ".join(" ".join(notes).split()))
    return ""


def constant_value(value: object) -> str:
    simple = (str, int, float, bool, type(None))
    if isinstance(value, simple) or (
        isinstance(value, tuple) and all(isinstance(v, simple) for v in value)
    ):
        text = repr(value)
        if len(text) <= _MAX_REPR:
            return f" = `{text}`"
    if isinstance(value, (dict, list, tuple, set, frozenset)):
        return f" ({type(value).__name__} of {len(value)})"
    return f" ({type(value).__name__})"


def function_entry(qualified: str, obj: object, level: str = "###") -> list[str]:
    name = qualified.rsplit(".", 1)[1]
    lines = [f"{level} `{qualified}`", ""]
    sig = signature(obj)
    if sig is not None:
        lines += ["```python", f"{name}{sig}", "```", ""]
    doc = inspect.getdoc(obj) or ""
    if summary(doc):
        lines += [summary(doc), ""]
    params = parameters(sections(doc).get("Parameters", "")) if doc else []
    if params:
        lines += ["Parameters:", "", *params, ""]
    return lines


def class_entry(qualified: str, cls: type) -> list[str]:
    name = qualified.rsplit(".", 1)[1]
    lines = [f"### `{qualified}`", ""]
    sig = signature(cls, drop_return=True)
    if sig is not None:
        lines += ["```python", f"class {name}{sig}", "```", ""]
    bases = [b.__name__ for b in cls.__bases__ if b is not object]
    if bases:
        lines += [f"Subclass of {', '.join(f'`{b}`' for b in bases)}.", ""]
    doc = inspect.getdoc(cls) or ""
    if summary(doc):
        lines += [summary(doc), ""]
    parts = sections(doc) if doc else {}
    for section in ("Parameters", "Attributes"):
        items = parameters(parts.get(section, ""))
        if items:
            lines += [f"{section}:", "", *items, ""]
            break
    members = []
    for attr, value in vars(cls).items():
        if attr.startswith("_"):
            continue
        if isinstance(value, property):
            doc_p = summary(inspect.getdoc(value))
            if doc_p:
                members.append(f"- `{attr}` (property): {doc_p}")
        elif isinstance(value, (classmethod, staticmethod)) or inspect.isfunction(value):
            func = value.__func__ if isinstance(value, (classmethod, staticmethod)) else value
            doc_m = summary(inspect.getdoc(func))
            if not doc_m:
                continue
            sig_m = signature(func)
            if sig_m is not None and not isinstance(value, staticmethod):
                sig_m = re.sub(r"^\((self|cls)(, )?", "(", sig_m)
            members.append(f"- `{attr}{sig_m or '()'}`: {doc_m}")
    if members:
        lines += ["Methods and properties:", "", *members, ""]
    return lines


def module_section(name: str, seen: dict[int, str]) -> list[str]:
    module = importlib.import_module(name)
    lines = [f"## Module `{name}`", ""]
    doc = summary(inspect.getdoc(module))
    if doc:
        lines += [doc, ""]
    also = []
    for attr in module.__all__:
        if attr == "__version__":
            lines += [f"### Constant `{name}.__version__`", "", "The library's version string.", ""]
            continue
        obj = getattr(module, attr)
        qualified = f"{name}.{attr}"
        key = id(obj)
        if isinstance(obj, types.ModuleType):
            also.append(f"[`{attr}`](#{anchor('module ' + obj.__name__)}) (module)")
            continue
        if key in seen and (inspect.isclass(obj) or callable(obj)):
            also.append(f"[`{attr}`](#{anchor(seen[key])})")
            continue
        if inspect.isclass(obj):
            seen[key] = qualified
            lines += class_entry(qualified, obj)
        elif callable(obj):
            seen[key] = qualified
            lines += function_entry(qualified, obj)
        else:
            comment = constant_comment(module, attr)
            text = f"Value{constant_value(obj)}." if constant_value(obj).startswith(" =") else (
                f"A {constant_value(obj).strip(' ()')}.")  # fmt: skip
            lines += [f"### Constant `{qualified}`", "", text + (f" {comment}" if comment else ""),
                      ""]  # fmt: skip
    if also:
        lines += ["Also exported here: " + ", ".join(also) + ".", ""]
    return lines


def render() -> str:
    """The text of docs/api.md."""
    modules = public_modules()
    seen: dict[int, str] = {}
    body: list[str] = []
    for name in modules:
        body += module_section(name, seen)
    head = [
        "# API reference",
        "",
        "Generated from the docstrings by `docs/make_api.py` (do not edit by hand: run",
        "`python docs/make_api.py`). Each entry gives the signature, the summary of the",
        "docstring and its parameters; `help(name)` in Python shows the whole docstring,",
        "examples included.",
        "",
        "Modules:",
        "",
        *(f"- [`{name}`](#{anchor('module ' + name)})" for name in modules),
        "",
    ]
    text = "\n".join(head + body).rstrip("\n") + "\n"
    ids = [anchor(h) for h in re.findall(r"^#+ (.+)$", text, re.MULTILINE)]
    clashes = sorted({x for x in ids if ids.count(x) > 1})
    if clashes:  # GitHub would number them, and links would point to the wrong entry
        raise RuntimeError(f"headings with the same anchor: {clashes}")
    if re.search(r"^\s*>>>", text, re.MULTILINE):  # would run as a doctest under docs/
        text = re.sub(r"^(\s*)>>>", r"\1\\>>>", text, flags=re.MULTILINE)
    return text


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    text = render()
    if "--check" in argv:
        current = OUT.read_text() if OUT.exists() else ""
        if current != text:
            print(f"{OUT} is out of date: run python docs/make_api.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text)
    print(f"wrote {OUT} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    src = ROOT / "src"
    if src.is_dir() and str(src) not in sys.path:
        sys.path.insert(0, str(src))
    raise SystemExit(main())
