"""The review workspace over HTTP: a Flask app in front of `review.py`, and the server that
`uebersetzer review` runs. Only that command imports this module (and so Flask).

Every request needs the access token, Jupyter style: the tokenized address printed at start
sets a cookie (named per port, since cookies do not tell ports apart); scripts send the
header X-Review-Token instead. Everything the page needs is served from `review_static/`:
no CDN, no external fonts, so it works offline.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import secrets
import socket
from pathlib import Path
from typing import Any, Sequence

from flask import Flask, Response, jsonify, redirect, request, send_from_directory
from werkzeug.exceptions import HTTPException
from werkzeug.serving import BaseWSGIServer, make_server

from uebersetzer import review
from uebersetzer.errors import UebersetzerError

STATIC = Path(__file__).with_name("review_static")
MAX_BODY = 256 * 1024  # a sentence, a comment and a revision fit many times over
TOKEN_HEADER = "X-Review-Token"
NO_TOKEN = ("This review workspace needs its access token: open the address that "
            "'uebersetzer review' printed (http://HOST:PORT/?token=...).\n")


def cookie_name() -> str:
    """One cookie per port: two workspaces on one machine must not overwrite each other's."""
    return "uebersetzer_review_" + re.sub(r"[^0-9A-Za-z]", "_", request.host.rsplit(":", 1)[-1])


def create_app(out: Path, languages: Sequence[str], token: str, memory_path: Path | None) -> Flask:
    app = Flask(__name__, static_folder=None)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    app.url_map.merge_slashes = False  # "//etc/passwd" is a path to refuse (404), not to redirect
    app.json.ensure_ascii = False  # type: ignore[attr-defined]

    def allowed() -> bool:
        given = request.headers.get(TOKEN_HEADER) or request.cookies.get(cookie_name()) or ""
        return secrets.compare_digest(given.encode(), token.encode())

    @app.before_request
    def check_token() -> Any:
        if request.path == "/" and secrets.compare_digest(request.args.get("token", "").encode(), token.encode()):
            answer = redirect("/", code=303)  # the token leaves the address bar and the history
            answer.set_cookie(cookie_name(), token, httponly=True, samesite="Strict")
            return answer
        if not allowed():
            if request.path.startswith("/api/"):
                return jsonify(error="missing or wrong access token: send the X-Review-Token header"), 403
            return Response(NO_TOKEN, 403, mimetype="text/plain")
        return None

    @app.after_request
    def no_caching(answer: Response) -> Response:
        answer.headers["Cache-Control"] = "no-store"  # PO files change under the page
        answer.headers["X-Content-Type-Options"] = "nosniff"
        answer.headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:"
        return answer

    @app.errorhandler(review.NotFound)
    def not_found(error: review.NotFound) -> Any:
        return jsonify(error=str(error)), 404

    @app.errorhandler(review.StaleRevision)
    def stale(error: review.StaleRevision) -> Any:
        return jsonify(error=str(error), revision=error.revision), 409

    @app.errorhandler(review.Busy)
    def busy(error: review.Busy) -> Any:
        # a translate run is renaming its new version over this very file, longer than a
        # moment: the page says why and sends the save again (503 with Retry-After)
        answer = jsonify(error=str(error), retry=error.retry)
        answer.headers["Retry-After"] = str(error.retry)
        return answer, 503

    @app.errorhandler(review.InvalidEdit)
    def invalid(error: review.InvalidEdit) -> Any:
        return jsonify(error=str(error)), 400

    @app.errorhandler(review.BrokenCatalog)
    def broken(error: review.BrokenCatalog) -> Any:
        return jsonify(error=str(error)), 422

    @app.errorhandler(UebersetzerError)
    def unwritable(error: UebersetzerError) -> Any:
        # the edit could not be written (a read-only or immutable PO file, a folder the server
        # may not write): 423 Locked, with the line that says what to do, not a bare 500
        return jsonify(error=str(error)), 423

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Any:
        if request.path.startswith("/api/"):
            return jsonify(error=error.description), error.code
        return error

    @app.get("/")
    def index() -> Any:
        return send_from_directory(STATIC, "index.html")

    @app.get("/static/<path:name>")
    def static_file(name: str) -> Any:
        return send_from_directory(STATIC, name)

    @app.get("/api/catalogs")
    def catalogs() -> Any:
        return jsonify([review.catalog_summary(ref) for ref in review.find_catalogs(out, languages)])

    def catalog_ref(language: str, path: str) -> review.CatalogRef:
        if languages and language not in languages:
            raise review.NotFound(f"language {language} is not under review (--to)")
        return review.resolve(out, language, path)

    @app.get("/api/catalogs/<language>/<path:path>")
    def catalog(language: str, path: str) -> Any:
        return jsonify(review.catalog_view(catalog_ref(language, path)))

    @app.get("/api/search")
    def search() -> Any:
        return jsonify(review.search(out, languages, request.args.get("q", "")))

    @app.get("/api/preview/<language>/<path:path>")
    def preview(language: str, path: str) -> Any:
        return jsonify(review.preview_html(catalog_ref(language, path)))

    # the entry's number as text: with <int:>, "-1" or "abc" fell through to the catalog's GET
    # route and answered 405 where there is no such entry
    @app.put("/api/catalogs/<language>/<path:path>/entries/<entry>")
    def update_entry(language: str, path: str, entry: str) -> Any:
        if not (entry.isascii() and entry.isdigit()):
            raise review.NotFound(f"no entry {entry!r}: entries are numbered from 0")
        ref = catalog_ref(language, path)
        edit = review.parse_edit(request.get_data(cache=False))
        saved = review.apply_edit(out, ref, int(entry), edit, memory_path)
        return jsonify(revision=saved.revision, qa=list(saved.qa), qa_seen=saved.qa_seen,
                       **({"warning": saved.warning} if saved.warning else {}))

    return app


def start_server(app: Flask, host: str, port: int) -> BaseWSGIServer:
    """A threaded werkzeug server bound to host:port (0: a free one), not yet serving. The
    socket is bound here, so a port in use is an OSError for the caller to report (werkzeug
    would print and exit by itself)."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no access log: cli.py does the talking
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
        listener.listen(64)
        return make_server(host, port, app, threaded=True, fd=listener.fileno())  # werkzeug keeps a duplicate


WILDCARD_HOSTS = frozenset({"0.0.0.0", "::"})  # every interface: an address to bind, not one to open


def _url(host: str, port: int, token: str) -> str:
    return f"http://{host if ':' not in host else f'[{host}]'}:{port}/?token={token}"


def address(server: BaseWSGIServer, token: str) -> str:
    """The tokenized address to open on this machine (a wildcard host is reached at loopback)."""
    host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(server.host, server.host)
    return _url(host, server.port, token)


def addresses_for_others(server: BaseWSGIServer, token: str) -> list[str]:
    """For a workspace on every interface (--host 0.0.0.0 or ::), the tokenized addresses
    colleagues can open: this machine's name, then its addresses that are not loopback; [] for
    a workspace on one address (that one is printed already)."""
    if server.host not in WILDCARD_HOSTS:
        return []
    family = socket.AF_INET6 if ":" in server.host else socket.AF_INET
    name = socket.gethostname()
    found = [*_resolved(name, family), *_outgoing(family)]
    public = [ip for ip in dict.fromkeys(found) if not ipaddress.ip_address(ip.split("%")[0]).is_loopback]
    return [_url(host, server.port, token) for host in ([name] if name else []) + public]


def _resolved(name: str, family: int) -> list[str]:
    """The addresses this machine's resolver gives its own name (/etc/hosts, DNS)."""
    try:
        return [str(info[4][0]) for info in socket.getaddrinfo(name, None, family, socket.SOCK_STREAM)]
    except (OSError, UnicodeError):
        return []


def _outgoing(family: int) -> list[str]:
    """The address this machine sends from: a UDP socket "connected" to a documentation
    address (RFC 5737/3849) sends nothing but picks the route; none without a network."""
    target = "2001:db8::1" if family == socket.AF_INET6 else "192.0.2.1"
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as probe:
            probe.connect((target, 9))
            return [str(probe.getsockname()[0])]
    except OSError:
        return []
