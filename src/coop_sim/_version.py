"""The library's version, read by the build back end and recorded in every result."""

__version__ = "0.1.0"
