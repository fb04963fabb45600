"""Printed documents and the queries behind them.

``queries`` holds the aggregate SQL (no ReportLab); ``checklist``, ``slip``, ``compliance`` and
``pendency`` build PDFs through ``app.services.pdf`` and import ReportLab, so import them only
when printing.
"""
