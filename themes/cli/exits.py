"""How every command ends: one error path, one table of exit codes.

- a usage mistake (unknown command or option, a missing or invalid argument): click's
  one-screen usage message, exit 2 (typer vendors click: its exceptions are typer's);
- an error of themes (`ThemesError`): ``error: <what happened and what to do>``, the exit code
  of its class (`themes.core.errors`);
- anything unexpected: a two-line message naming the file the traceback was written to
  (`crash_log`), exit 70. Tracebacks are never printed: they could show transcript text.
"""

from __future__ import annotations

import os
import platform
import sys
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import typer

from themes.core.errors import ThemesError

# The exit codes, as the README lists them.
OK = 0
USAGE = 2  # also ConfigError and InputError
INTERNAL = 70  # an unexpected error; its traceback went to a log file (EX_SOFTWARE)
INTERRUPTED = 130
EXIT_CODES = {
    OK: "success",
    1: "an error of themes without a more specific code",
    USAGE: "usage error, invalid setting, or no usable input",
    3: "the embedding model cannot be loaded",
    4: "the project folder or database cannot be used",
    5: "a theme, segment or event id does not exist",
    6: "`themes check` found a problem with the project",
    INTERNAL: "unexpected internal error (the traceback is written to a log file)",
    INTERRUPTED: "interrupted (Ctrl-C)",
}


def usage_error(exc: typer.TyperException) -> int:
    """Print click's usage message (and a hint for names that look like options)."""
    show = getattr(exc, "show", None)
    if show is not None:
        show()
    else:
        typer.echo(f"Error: {exc.format_message()}", err=True)
    option = getattr(exc, "option_name", None) or ""
    if type(exc).__name__ == "NoSuchOption" and not option.startswith("--"):
        typer.echo(_dash_hint(option), err=True)
    return int(exc.exit_code)


def _dash_hint(option: str) -> str:
    if option[1:2].isdigit():
        return "Negative numbers are not accepted: ids and counts are whole numbers from 1."
    return (
        "A file or folder whose name starts with '-' goes after '--' "
        "(themes ingest -- -name) or is written ./-name."
    )


def themes_error(exc: ThemesError) -> int:
    from rich.text import Text

    from themes.cli.common import err_console, printable

    err_console().print(
        Text("error: ", style="bold red") + Text(printable(str(exc))), soft_wrap=True
    )
    return exc.exit_code


def internal_error(exc: BaseException, argv: list[str]) -> int:
    """Write the traceback to a log file and say where; never print it."""
    from themes.cli.common import printable

    try:
        where = f"The full traceback was written to {printable(str(crash_log(exc, argv)))}"
    except OSError as err:
        where = f"The traceback could not be written to a log file ({err.strerror})"
    typer.echo(
        f"error: an unexpected internal error ({type(exc).__name__}); this is a bug in themes, "
        f"not in your input.\n{where}; it holds no transcript text. Please report it with "
        "that file.",
        err=True,
    )
    return INTERNAL


def crash_log(exc: BaseException, argv: list[str]) -> Path:
    """A new file in the project's ``logs/`` (or the user cache's when there is no project)
    holding the traceback: exception types and code lines only, no messages (they may quote
    transcript text), no local variables, no arguments beyond the command's name."""
    from themes import __version__

    folder = log_folder(argv)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = folder / f"crash-{stamp}-{os.getpid()}.txt"
    command = next((a for a in argv if not a.startswith("-")), "")
    lines = [
        f"themes {__version__} crashed running `themes {command}` at {stamp}",
        f"Python {platform.python_version()} on {platform.platform()}",
        "Exception messages and local variables are left out: they may hold transcript text.",
        "",
        *_traceback_lines(exc),
    ]
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    return path


def log_folder(argv: list[str]) -> Path:
    """``PROJECT/logs`` when the command names an existing project folder, else the user
    cache's ``logs`` (``THEMES_CACHE_DIR``, ``$XDG_CACHE_HOME/themes`` or ``~/.cache/themes``)."""
    project = _project_argument(argv)
    if project is not None and project.is_dir():
        return project / "logs"
    if os.environ.get("THEMES_CACHE_DIR"):
        return Path(os.environ["THEMES_CACHE_DIR"]).expanduser() / "logs"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "themes" / "logs"


def _project_argument(argv: list[str]) -> Path | None:
    for i, arg in enumerate(argv):
        if arg in ("--project", "-p") and i + 1 < len(argv):
            return Path(argv[i + 1])
        if arg.startswith("--project="):
            return Path(arg.split("=", 1)[1])
        if arg.startswith("-p") and len(arg) > 2 and not arg.startswith("--"):
            return Path(arg[2:])
    return None


def _traceback_lines(exc: BaseException) -> list[str]:
    """Each exception of the chain, outermost last (as Python prints them): its type and
    its frames (file, line, function, code line)."""
    chain: list[BaseException] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        chain.append(current)
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    lines: list[str] = []
    for item in reversed(chain):
        kind = type(item)
        lines.append("Traceback (most recent call last):")
        frames = traceback.extract_tb(item.__traceback__)
        lines.extend(part.rstrip("\n") for part in frames.format())
        lines.append(f"{kind.__module__}.{kind.__qualname__}")
        lines.append("")
    return lines


def run(app: Callable[..., Any], argv: list[str] | None = None) -> int:
    """Run the typer `app` on `argv` (default: the command line); the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        result = app(args=args, prog_name="themes", standalone_mode=False)
    except typer.TyperException as exc:  # click's usage errors (typer vendors click)
        return usage_error(exc)
    except typer.Abort:
        typer.echo("Aborted.", err=True)
        return INTERRUPTED
    except KeyboardInterrupt:
        return INTERRUPTED
    except ThemesError as exc:
        return themes_error(exc)
    except Exception as exc:
        return internal_error(exc, args)
    return result if isinstance(result, int) else OK
