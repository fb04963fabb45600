"""The domain services, one package per domain; each package's ``__init__`` is its one public import path."""
