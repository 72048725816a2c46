"""The package version, read by the build backend and by ``aiocamedomotic.__version__``."""

__version__ = "1.16.0"
