"""No byte leaves the machine: the whole CLI pipeline, with the real model, under strace.

Every command (`run`, `add`, `report` and each curation command) runs under
`strace -f -e trace=network`. The test fails on any connection to an address that is not a
Unix socket or loopback, on any datagram sent to such an address, and on any DNS lookup
(port 53, even on loopback, or the systemd-resolved socket). onnxruntime's telemetry fires
about 10 s after the library loads, so `run` is held open for a while after its work is
done. HOME, XDG_CACHE_HOME and TMPDIR point into the test's folder, which must hold no
telemetry queue afterwards (onnxruntime writes `~/.cache/Microsoft/DeveloperTools/`).

The environment is cleared of every switch `themes.core.offline` sets, so the test proves
that `themes` sets them itself.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import shutil
import subprocess
import sys
import types
import warnings
from pathlib import Path

import pytest

from themes.core import offline
from themes.core.offline import DEFAULTS, FORCED, go_offline

ROOT = Path(__file__).resolve().parent.parent
STUDY = ROOT / "examples" / "peer-support-study"
FOLLOWUP = ROOT / "examples" / "peer-support-followup"
HOLD_S = 13  # onnxruntime's telemetry timer fires about 10 s after the library loads

# The CLI's own entry point, held open for a while after it returns or exits.
CLI = (
    "import sys, time\n"
    "from themes.cli.app import main\n"
    "hold = float(sys.argv[1])\n"
    "sys.argv = ['themes', *sys.argv[2:]]\n"
    "try:\n"
    "    main()\n"
    "finally:\n"
    "    time.sleep(hold)\n"
)


_CALL = re.compile(r"\b(connect|sendto|sendmsg|sendmmsg)\(")
_ADDRESS = re.compile(r"\{sa_family=(AF_\w+)[^{}]*\}")
_PORT = re.compile(r"sin6?_port=htons\((\d+)\)")
_IP = re.compile(r'inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6?, "([^"]+)"')
_PATH = re.compile(r'sun_path=@?"([^"]*)"')


def _is_loopback(text: str) -> bool:
    address = ipaddress.ip_address(text)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


def network_calls(trace: str) -> list[str]:
    """What in an strace log left the machine or looked a name up, one line each.

    Only the call, address family, address and port are kept (never the bytes sent).
    """
    found: list[str] = []
    for line in trace.splitlines():
        call = _CALL.search(line)
        if call is None:
            continue
        for match in _ADDRESS.finditer(line[call.start() :]):
            family, sockaddr = match.group(1), match.group(0)
            port = _PORT.search(sockaddr)
            ip = _IP.search(sockaddr)
            host = (ip.group(1) or ip.group(2)) if ip else ""
            where = f"{call.group(1)} {family} {host} port {port.group(1) if port else '-'}"
            if family == "AF_UNIX":
                path = _PATH.search(sockaddr)
                if path and "resolve" in path.group(1):  # systemd-resolved answers lookups
                    found.append(f"{call.group(1)} AF_UNIX {path.group(1)} (a name lookup)")
            elif family in ("AF_UNSPEC", "AF_NETLINK"):
                continue  # disconnecting a socket; talking to the local kernel
            elif port is not None and port.group(1) == "53":
                found.append(f"{where} (a DNS lookup)")
            elif family not in ("AF_INET", "AF_INET6") or not host or not _is_loopback(host):
                found.append(where)
    return list(dict.fromkeys(found))  # each once, in the order first seen


def test_the_switches_override_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in FORCED:
        monkeypatch.setenv(key, "0")
    monkeypatch.setenv("TOKENIZERS_PARALLELISM", "true")
    go_offline()
    assert {key: os.environ[key] for key in FORCED} == FORCED
    assert os.environ["TOKENIZERS_PARALLELISM"] == "true"  # a quiet default, the user's choice


def test_a_warning_when_onnxruntime_was_loaded_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "onnxruntime", types.ModuleType("onnxruntime"))
    monkeypatch.setenv("ORT_DISABLE_TELEMETRY", "0")
    monkeypatch.setattr(offline, "_warned", False)
    with pytest.warns(offline.NetworkWarning, match="ORT_DISABLE_TELEMETRY=1"):
        go_offline()
    monkeypatch.setenv("ORT_DISABLE_TELEMETRY", "0")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        go_offline()  # once is enough


def test_the_parser_catches_what_the_telemetry_does() -> None:
    trace = "\n".join(
        [
            '9 connect(3, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1',
            '9 connect(5, {sa_family=AF_INET, sin_port=htons(8000), sin_addr=inet_addr("127.0.0.1")'
            "}, 16) = 0",
            '9 connect(9, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.0.0.53")'
            "}, 16 <unfinished ...>",
            '9 sendto(9, "\\251~\\1\\0", 50, MSG_NOSIGNAL, {sa_family=AF_INET, '
            'sin_port=htons(53), sin_addr=inet_addr("127.0.0.53")}, 16) = 50',
            "9 connect(8, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), "
            'inet_pton(AF_INET6, "2603:1030::1", &sin6_addr), sin6_scope_id=0}, 28) = 0',
            "9 connect(8, {sa_family=AF_INET6, sin6_port=htons(80), sin6_flowinfo=htonl(0), "
            'inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = 0',
            '9 connect(4, {sa_family=AF_UNIX, sun_path="/run/systemd/resolve/io.systemd.Resolve"'
            "}, 42) = 0",
            '9 connect(6, {sa_family=AF_UNSPEC, sa_data="\\0\\0"}, 16) = 0',
        ]
    )
    assert network_calls(trace) == [
        "connect AF_INET 10.0.0.53 port 53 (a DNS lookup)",
        "sendto AF_INET 127.0.0.53 port 53 (a DNS lookup)",
        "connect AF_INET6 2603:1030::1 port 443",
        "connect AF_UNIX /run/systemd/resolve/io.systemd.Resolve (a name lookup)",
    ]


class Traced:
    """Runs `themes` commands under strace, one log per command."""

    def __init__(self, root: Path) -> None:
        self.home = root / "home"
        self.tmp = root / "tmp"
        self.logs = root / "strace"
        for folder in (self.home, self.tmp, self.logs):
            folder.mkdir()
        env = {k: v for k, v in os.environ.items() if k not in FORCED and k not in DEFAULTS}
        env.pop("THEMES_CACHE_DIR", None)  # export the model afresh: torch loads too
        env.update(
            HOME=str(self.home),
            XDG_CACHE_HOME=str(self.home / ".cache"),
            TMPDIR=str(self.tmp),
            THEMES_ANALYST="tester",
            COLUMNS="200",
        )
        self.env = env
        self.count = 0

    def __call__(self, *args: str, hold: float = 0) -> str:
        self.count += 1
        log = self.logs / f"{self.count:02d}-{args[0]}.log"
        command = ["strace", "-f", "--seccomp-bpf", "-qq", "-e", "trace=network", "-o", str(log)]
        command += [sys.executable, "-c", CLI, str(hold), *args]
        done = subprocess.run(
            command, env=self.env, cwd=ROOT, capture_output=True, text=True, timeout=300
        )
        code = done.returncode  # not `done` itself: its output holds quotes
        last = (done.stderr.strip().splitlines() or [""])[-1]  # an error line, never a quote
        assert code == 0, f"themes {args[0]} exited {code}: {last}"
        if not log.exists():
            pytest.fail(f"strace wrote no log for themes {args[0]}")
        calls = network_calls(log.read_text(encoding="utf-8", errors="replace"))
        assert calls == [], f"themes {args[0]} used the network: {calls}"
        return done.stdout


def _rows(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed")
def test_the_whole_pipeline_stays_on_the_machine(tmp_path: Path) -> None:
    probe = subprocess.run(["strace", "-f", "-o", os.devnull, "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("strace cannot trace here (ptrace is not permitted)")
    themes = Traced(tmp_path)
    project = str(tmp_path / "project")
    p = ("--project", project)

    themes("run", str(STUDY), *p, hold=HOLD_S)
    themes("add", str(FOLLOWUP), *p)
    themes("report", *p)
    themes("list", *p)
    themes("export", *p, "--what", "themes", "--format", "jsonl", "--out", f"{project}/t.jsonl")
    themes("export", *p, "--what", "segments", "--format", "jsonl", "--out", f"{project}/s.jsonl")
    themes_by_size = sorted(_rows(Path(project) / "t.jsonl"), key=lambda r: -int(str(r["size"])))
    ids = [str(r["theme_id"]) for r in themes_by_size]
    assert len(ids) >= 5
    a, b, c, d, e = ids[:5]
    segments = _rows(Path(project) / "s.jsonl")
    in_d = [str(r["segment_id"]) for r in segments if str(r["theme_id"]) == d]
    in_e = [str(r["segment_id"]) for r in segments if str(r["theme_id"]) == e]

    themes("suggest-merges", *p, "--top", "3")
    themes("compare", a, b, *p)
    themes("compare-segment", in_d[0], *p)
    themes("merge", a, b, "--name", "Merged for the test", "--memo", "one theme", *p)
    themes("split", c, "--yes", *p)
    themes("rename", d, "Renamed for the test", *p)
    themes("define", d, "A definition", "--include", "this", "--exclude", "that", *p)
    themes("move", in_d[1], e, *p)
    themes("exclude", in_e[0], *p)
    themes("memo", d, "A memo for the test", *p)
    themes("history", *p)
    themes("undo", *p)
    themes("saturation", *p, "--csv", f"{project}/saturation.csv")
    themes("export", *p, "--what", "run", "--out", f"{project}/run.csv")
    themes("report", *p, "--format", "md")

    queued = [
        str(path.relative_to(tmp_path))
        for path in tmp_path.rglob("*")
        if path.name in ("Microsoft", ".onnxruntime", "onnxruntime.db", "DeveloperTools")
    ]
    assert queued == [], f"telemetry files were written: {queued}"
    assert sorted(os.listdir(themes.home)) == [".cache"]
    assert sorted(os.listdir(themes.home / ".cache")) == ["themes"]  # the ONNX export only
