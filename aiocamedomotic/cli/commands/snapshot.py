"""CLI layer: `snapshot` (being written)."""
