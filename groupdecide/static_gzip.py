"""The stylesheets, scripts and icons of ``static/`` sent gzipped to browsers that accept it
(a page's CSS and JS shrink to about a quarter), compressed once per file version.

Never the HTML or the JSON: they carry CSRF and capability tokens beside text a stranger can
put on the page, which compression would leak by length (BREACH). (Flask-Compress streams
static files through its compressor and leaves each file open until the garbage collector
closes it; reading the file through the response, as here, closes it with the response.)"""

from __future__ import annotations

import gzip
import threading

from flask import Flask, Response, request

TYPES = frozenset({"text/css", "text/javascript", "application/javascript", "image/svg+xml"})
_CACHE: dict[tuple[str, str], bytes] = {}
_LOCK = threading.Lock()
_MAX_FILES = 256


def _accepts_gzip() -> bool:
    for part in request.headers.get("Accept-Encoding", "").lower().split(","):
        name, _sep, q = part.strip().partition(";")
        if name.strip() in ("gzip", "*"):
            return q.strip() not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def _compress(response: Response) -> Response:
    if (
        request.endpoint != "static"
        or response.status_code != 200
        or response.mimetype not in TYPES
        or "Content-Encoding" in response.headers
    ):
        return response
    response.vary.add("Accept-Encoding")
    if not _accepts_gzip():
        return response
    etag, _weak = response.get_etag()
    key = (request.path, etag or "")
    response.direct_passthrough = False  # read the file through the response (closed with it)
    body = _CACHE.get(key)
    if body is not None:
        close = getattr(response.response, "close", None)
        if close is not None:
            close()  # the file the cached body replaces
    else:
        body = gzip.compress(response.get_data(), compresslevel=9, mtime=0)
        with _LOCK:
            if len(_CACHE) >= _MAX_FILES:
                _CACHE.clear()
            _CACHE[key] = body
    response.set_data(body)
    response.headers["Content-Encoding"] = "gzip"
    if etag:
        response.set_etag(f"{etag}-gzip")
    return response


def init_app(app: Flask) -> None:
    app.after_request(_compress)
