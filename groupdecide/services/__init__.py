"""Use cases shared by the web forms, the JSON API and the CLI.

Plain functions that take the tenant's objects explicitly, validate, flush and never commit:
the request (or the CLI command) commits once, in one place.
"""
