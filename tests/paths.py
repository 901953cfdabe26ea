"""Paths to the shared source documents and AMI transcripts (../shared beside the repo)."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# ../shared beside the checkout; a worktree under wt/ finds it one level further up.
SHARED = next(
    (p for p in (REPO.parent / "shared", REPO.parent.parent / "shared") if p.is_dir()),
    REPO.parent / "shared",
).resolve()
TRANSCRIPTS = SHARED / "ami-transcripts"
SEEDS = SHARED / "seeds"
