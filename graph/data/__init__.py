"""Data files shipped with the graph package (a package so that setuptools includes them)."""
