"""Anupalan (अनुपालन): who owes which CCTNS/CAS entry, by when, at a UP police station."""

__version__ = "0.1.0"
