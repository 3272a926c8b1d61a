"""`python -m etl.ingest.upload_child JOB_FOLDER`: the dashboard's uploads, loaded in a
process of their own (see etl.ingest.files.ingest_uploads for why)."""
from __future__ import annotations

import sys
from pathlib import Path

from etl.ingest.files import run_upload_job

if __name__ == "__main__":
    run_upload_job(Path(sys.argv[1]))
