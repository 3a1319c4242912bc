"""Where the data lives: `--db PATH`, else `$PLANNER_DB`, else the user's data folder."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs

APP_NAME = "planner"
ENV_VAR = "PLANNER_DB"
FILE_NAME = "planner.json"


def data_dir() -> Path:
    """The user's data folder for planner (the first save creates it)."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return data_dir() / FILE_NAME


def resolve_db_path(
    option: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None
) -> Path:
    """The database file to use: the command-line option wins, then the environment variable,
    then the default in the user's data folder."""
    environ = os.environ if environ is None else environ
    if option:
        return Path(option).expanduser()
    if environ.get(ENV_VAR):
        return Path(environ[ENV_VAR]).expanduser()
    return default_db_path()
