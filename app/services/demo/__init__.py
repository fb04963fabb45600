"""The demo station: a busy UP thana with years of records, built quickly for trying the app.

This module is the package's one public import path."""


from app.services.demo.builder import build_demo
from app.services.demo.extras import DEMO_ACCOUNTS, DEMO_PASSWORD, DemoSignIn, demo_sign_in

__all__ = [
    "DEMO_ACCOUNTS",
    "DEMO_PASSWORD",
    "DemoSignIn",
    "build_demo",
    "demo_sign_in",
]
