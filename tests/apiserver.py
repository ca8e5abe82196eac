"""A real ``python -m api serve`` (uvicorn) on loopback, for tests and benches that need the
server as deployed: its own process, which can be killed and restarted, its own logs."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
ROLES = ("reader", "investigator", "admin")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ApiServer:
    """The API over ``store`` (a file path or a bolt:// URI), with one key per role made up front."""

    def __init__(self, store: str, workdir: Path, port: int | None = None, args: tuple[str, ...] = ()):
        self.store = store
        self.workdir = workdir
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.args = args
        self.log = workdir / "server.log"
        self.api_db = workdir / "api.db"
        self.env = {**os.environ, "PYTHONPATH": str(REPO), "SAFETYKG_STORE": store, "SAFETYKG_API_DB": str(self.api_db)}
        self.env.setdefault("SAFETYKG_NEO4J_PASSWORD", "safetykg-test")
        self.proc: subprocess.Popen | None = None
        self.keys = {role: self._key(role) for role in ROLES}

    def _key(self, role: str) -> str:
        from api.apidb import ApiDb
        from api.auth import create_key

        db = ApiDb(self.api_db)
        try:
            return create_key(db, f"{role}-key", role, created_by="tests")[1]
        finally:
            db.close()

    def start(self, timeout: float = 60) -> float:
        """Start and wait until it answers (200, or 503 when its store is down); the seconds it took."""
        t = time.monotonic()
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "api", "serve", "--host", "127.0.0.1", "--port", str(self.port), *self.args],
                cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )
        while True:
            try:
                if httpx.get(self.url + "/v1/health", timeout=2).status_code in (200, 503):
                    return time.monotonic() - t
            except httpx.TransportError:
                pass
            if self.proc.poll() is not None:
                raise RuntimeError(f"the API server exited:\n{self.log.read_text()[-3000:]}")
            if time.monotonic() - t > timeout:
                raise RuntimeError(f"the API server did not answer in {timeout} s")
            time.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL, as a power cut or the OOM killer would."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)

    def client(self, role: str | None = "investigator", timeout: float = 30) -> httpx.Client:
        headers = {"X-API-Key": self.keys[role]} if role else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=timeout)

    def __enter__(self) -> "ApiServer":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
