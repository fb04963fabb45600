"""The demo station: a busy UP thana with years of records, built quickly for trying the app.

This module is the package's one public import path."""


from app.services.demo.builder import build_demo

__all__ = [
    "build_demo",
]
