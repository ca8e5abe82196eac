"""Helpers for fault tests: numbered batches whose wholeness can be checked, and a Neo4j
server of the test's own (its own port and data directory) that can be stopped and killed."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

from ontology.facts import Batch
from ontology.validation import validate

REPO = Path(__file__).resolve().parents[1]
NEO4J_SH = REPO / "neo4j-server" / "neo4j.sh"


def numbered_doc(n: int, size: int = 10, pad: int = 0) -> dict:
    """Batch ``n``: ``size`` enterprises ``ent/b<n>-<i>``, each but the first a subsidiary of the one before."""
    filler = "x" * pad
    ents = [
        {"id": f"ent/b{n}-{i}", "type": "Enterprise", "name": {"en": f"Batch {n} firm {i}"},
         **({"description": filler} if pad else {})}
        for i in range(size)
    ]
    rels = [
        {"id": f"rel/b{n}-{i}", "type": "subsidiaryOf", "from": f"ent/b{n}-{i}", "to": f"ent/b{n}-{i - 1}",
         "valid_from": "2020-01-01"}
        for i in range(1, size)
    ]
    return {"safetykg": "1.0", "entities": ents, "relations": rels}


def numbered_batch(n: int, size: int = 10, pad: int = 0) -> Batch:
    return validate(numbered_doc(n, size, pad))


def batch_state(kinds: dict[str, tuple[str, str]], n: int, size: int) -> str:
    """'whole', 'absent' or 'partial': how much of batch ``n`` a store holds, given its ``kinds``."""
    ids = [f"ent/b{n}-{i}" for i in range(size)] + [f"rel/b{n}-{i}" for i in range(1, size)]
    found = sum(i in kinds for i in ids)
    return "whole" if found == len(ids) else "absent" if found == 0 else "partial"


def batch_ids(n: int, size: int) -> list[str]:
    return [f"ent/b{n}-{i}" for i in range(size)] + [f"rel/b{n}-{i}" for i in range(1, size)]


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def alive(pid: int) -> bool:
    """Running (a zombie left for an init that does not reap counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def open_when_up(uri: str, timeout: float = 60):
    """A store on ``uri`` once the server takes connections (just after a restart it may not yet)."""
    from graph.store import open_store
    from ontology.errors import StoreUnavailable

    deadline = time.monotonic() + timeout
    while True:
        try:
            return open_store(uri)
        except StoreUnavailable:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


class Neo4jServer:
    """A Neo4j server on its own port and data directory, started by ``neo4j-server/neo4j.sh``."""

    def __init__(self, data: Path, port: int):
        self.data = data
        self.port = port
        self.uri = f"bolt://127.0.0.1:{port}"
        self.env = {**os.environ, "SAFETYKG_NEO4J_PASSWORD": os.environ.get("SAFETYKG_NEO4J_PASSWORD", "safetykg-test")}

    def start(self, fresh: bool = False) -> float:
        """Start (and wait for READY); the seconds it took."""
        t = time.monotonic()
        args = [str(NEO4J_SH), "start", "--port", str(self.port), "--data", str(self.data)]
        proc = subprocess.run(args + (["--fresh"] if fresh else []) + ["db.transaction.timeout=60s"],
                              env=self.env, capture_output=True, text=True, timeout=300)
        if proc.returncode:
            raise RuntimeError(f"Neo4j on port {self.port} did not start:\n{proc.stderr[-3000:]}")
        return time.monotonic() - t

    def pid(self) -> int:
        return int((self.data / "neo4j.pid").read_text())

    def stop(self) -> None:
        subprocess.run([str(NEO4J_SH), "stop", "--data", str(self.data)], env=self.env, check=True,
                       capture_output=True, timeout=120)

    def kill(self) -> None:
        """SIGKILL the server's JVM, as a power cut would, and wait until it is gone."""
        pid = self.pid()
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 60
        # the group leader turns zombie before its last thread lets go of the sockets
        while (alive(pid) or port_open(self.port)) and time.monotonic() < deadline:
            time.sleep(0.05)
        (self.data / "neo4j.pid").unlink(missing_ok=True)
        (self.data / "neo4j.port").unlink(missing_ok=True)
