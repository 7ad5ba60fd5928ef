"""The documentation under docs/ is tested, not just written.

* The ``>>>`` examples of every page run as doctests when pytest collects ``docs/``
  (``--doctest-glob=*.md``; ``docs/conftest.py`` runs each page in a temporary directory).
* Every ``coop-sim`` command of a page (```` ```console ```` blocks, ``$ `` lines) runs
  here through :func:`coop_sim.cli.main`, in a temporary directory holding the files the
  page shows and a link to ``experiments/``; the command must succeed and the output the
  page shows under it must appear in that order (``...`` skips lines, and stands for any
  text within a line).  ``coop-sim play`` gets the moves typed in the transcript.  Only a
  command marked ``# not run: <reason>`` is skipped.
* ``docs/api.md`` is what ``docs/make_api.py`` generates from the docstrings.
* Code blocks are either tested or plainly not Python; relative links resolve; every page
  is reachable from ``docs/index.md``.
"""

from __future__ import annotations

import builtins
import importlib.util
import re
import shlex
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from coop_sim import cli

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md") if p.name != "api.md")
_PROMPT = re.compile(r"your move \(C/D, q quits\): (\S+)\s*$")
_BLOCK = re.compile(r"^```(\S*)[^\n]*\n(.*?)^```", re.DOTALL | re.MULTILINE)
_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


docs_conftest = _load("docs_conftest", DOCS / "conftest.py")


def rel(page: Path) -> str:
    return str(page.relative_to(DOCS))


# ----------------------------------------------------------------------------- api.md


def test_api_reference_is_generated_from_the_docstrings():
    make_api = _load("make_api", DOCS / "make_api.py")
    text = make_api.render()
    assert (DOCS / "api.md").read_text() == text, (
        "docs/api.md is out of date: run python docs/make_api.py"
    )
    assert make_api.render() == text  # deterministic
    for name in ("coop_sim.run_tournament", "coop_sim.design.Scenario", "coop_sim.sweep.sweep",
                 "coop_sim.demos.run_demo", "coop_sim.evolution.FiniteProcess"):  # fmt: skip
        assert f"### `{name}`" in text
    assert " at 0x" not in text and not re.search(r"^\s*>>>", text, re.MULTILINE)


# ----------------------------------------------------------------------------- commands


@dataclass
class Command:
    line: str  # the command as shown (continuations joined)
    expected: list[str] = field(default_factory=list)

    @property
    def skipped(self) -> bool:
        return re.search(r"#\s*not run\b", self.line) is not None

    @property
    def argv(self) -> list[str]:
        return shlex.split(self.line, comments=True)


def commands(text: str) -> list[Command]:
    """The ``$ `` commands of a page's console blocks, with the output shown under each."""
    out: list[Command] = []
    for lang, body in _BLOCK.findall(text):
        if lang != "console":
            continue
        lines = body.splitlines()
        k = 0
        while k < len(lines):
            line = lines[k]
            if line.startswith("$ "):
                command = line[2:]
                while command.endswith("\\") and k + 1 < len(lines):
                    k += 1
                    command = command[:-1] + " " + lines[k].strip()
                out.append(Command(command.strip()))
            elif out and line.strip():
                out[-1].expected.append(line)
            k += 1
    return out


def _pattern(line: str) -> re.Pattern:
    parts = [re.escape(p.strip()) for p in " ".join(line.split()).split("...")]
    return re.compile("^" + ".*".join(parts) + "$")


def shown_in_order(expected: list[str], actual: str) -> str | None:
    """None when the expected lines appear in ``actual`` in order, else the first missing."""
    got = [" ".join(x.split()) for x in actual.splitlines() if x.strip()]
    k = 0
    for line in expected:
        if line.strip() == "...":
            continue
        pattern = _pattern(line)
        while k < len(got) and not pattern.match(got[k]):
            k += 1
        if k == len(got):
            return line
        k += 1
    return None


PAGES_WITH_COMMANDS = [p for p in PAGES if commands(p.read_text())]


@pytest.mark.parametrize("page", PAGES_WITH_COMMANDS, ids=rel)
def test_commands_of_the_page_run(page, tmp_path, monkeypatch, capsys):
    docs_conftest.write_files(page, tmp_path)
    (tmp_path / "experiments").symlink_to(ROOT / "experiments")
    monkeypatch.chdir(tmp_path)
    ran = 0
    for command in commands(page.read_text()):
        if command.skipped:
            assert re.search(r"#\s*not run: \S", command.line), f"give a reason: {command.line}"
            continue
        argv = command.argv
        assert argv[0] == "coop-sim", f"console blocks hold coop-sim commands: {command.line}"
        answers = iter(m.group(1) for x in command.expected if (m := _PROMPT.search(x)))

        def typed(prompt: str = "", answers=answers) -> str:
            answer = next(answers)  # a StopIteration here: the transcript has too few moves
            print(prompt + answer)  # as a terminal echoes it
            return answer

        monkeypatch.setattr(builtins, "input", typed)
        status = cli.main(argv[1:])
        captured = capsys.readouterr()
        assert status == 0, f"{command.line}\n{captured.err}"
        missing = shown_in_order(command.expected, captured.out)
        assert missing is None, (
            f"{rel(page)}: `{command.line}` printed\n{captured.out}\nwithout the line\n{missing}"
        )
        ran += 1
    assert ran


def test_command_parsing_and_matching():
    text = "```console\n$ coop-sim a \\\n    --b 1\nx  1\n...\nz\n"
    text += "$ coop-sim c  # not run: why\n```\n"
    found = commands(text)
    assert [c.line for c in found] == ["coop-sim a  --b 1", "coop-sim c  # not run: why"]
    assert found[0].argv == ["coop-sim", "a", "--b", "1"] and found[1].skipped
    assert shown_in_order(found[0].expected, "x 1\ny\nz\n") is None
    assert shown_in_order(found[0].expected, "z\nx 1\n") == "z"
    assert shown_in_order(["a ... c"], "a b b c") is None


# ----------------------------------------------------------------------------- the pages


def test_every_coop_sim_command_and_python_block_is_tested():
    for page in PAGES:
        for lang, body in _BLOCK.findall(page.read_text()):
            where = f"{rel(page)}: ```{lang}\n{body}"
            if lang in ("python", "pycon", "py"):
                assert ">>>" in body, f"a Python block without doctest prompts: {where}"
            elif lang != "console":
                assert not re.search(r"^\s*\$?\s*coop-sim\b", body, re.MULTILINE), (
                    f"coop-sim commands belong in ```console blocks (they are run): {where}"
                )


def test_how_tos_and_concepts_have_examples():
    for page in PAGES:
        if page.parent.name in ("howto", "concepts"):
            text = page.read_text()
            assert ">>>" in text or commands(text), f"{rel(page)} has no runnable example"


def test_relative_links_resolve():
    for page in [*PAGES, DOCS / "api.md"]:
        for target in _LINK.findall(page.read_text()):
            if re.match(r"^[a-z]+:", target) or target.startswith("#"):
                continue
            path = (page.parent / target.split("#")[0]).resolve()
            assert path.exists(), f"{rel(page)}: broken link {target}"


def test_every_page_is_reachable_from_the_index():
    seen, todo = set(), [DOCS / "index.md"]
    while todo:
        page = todo.pop()
        if page in seen or page.suffix != ".md" or not page.exists():
            continue
        seen.add(page)
        for target in _LINK.findall(page.read_text()):
            if not re.match(r"^[a-z]+:", target) and not target.startswith("#"):
                todo.append((page.parent / target.split("#")[0]).resolve())
    missing = [rel(p) for p in [*PAGES, DOCS / "api.md"] if p not in seen]
    assert not missing, f"pages not linked from docs/index.md (directly or not): {missing}"


def test_pytest_collects_the_pages_as_doctests():
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]
    options = options["ini_options"]
    assert "docs" in options["testpaths"]
    assert "--doctest-glob=*.md" in options["addopts"].split()
    assert sum(">>>" in p.read_text() for p in PAGES) >= 8


def test_files_shown_on_pages_are_parsed():
    text = "<!-- file: a.toml -->\n```toml\nx = 1\n```\n"
    assert docs_conftest.file_blocks(text) == {"a.toml": "x = 1\n"}
