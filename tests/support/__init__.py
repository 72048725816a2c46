"""Helpers shared by several test directories (importable as ``support`` under pytest)."""
