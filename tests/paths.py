"""Paths to the shared source documents and AMI transcripts (../shared beside the repo)."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()
TRANSCRIPTS = SHARED / "ami-transcripts"
SEEDS = SHARED / "seeds"
