"""`python -m etl.ingest.upload_child JOB_FOLDER`: the dashboard's writes (uploads and
undos), each in a process of its own (see etl.ingest.files.ingest_uploads for why)."""
from __future__ import annotations

import sys
from pathlib import Path

from etl.ingest.files import run_write_job

if __name__ == "__main__":
    run_write_job(Path(sys.argv[1]))
