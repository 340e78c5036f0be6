"""How well `add` reads a web page a browser printed to PDF, on the 40 saved pages.

    python -m tests.printed_benchmark [--no-header-footer]

Needs Chromium (`apt install chromium`) and openssl. Each page of tests/data/webpages is
served from loopback at its own https address (the browser is told the names resolve to
127.0.0.1, a self-signed certificate accepted) and printed by `chromium --headless
--print-to-pdf`, with its header and footer as a reader's "Save as PDF" keeps them unless
``--no-header-footer``. Each PDF is added with ``add FILE`` into a fresh folder; a ``with``
snippet found in a quotable paragraph is a true positive, a ``without`` snippet a false
positive, as in ``tests.webpages_benchmark``. pdfminer.six alone (its text, split at blank
lines) is measured on the same PDFs as the baseline.
"""

from __future__ import annotations

import argparse
import http.server
import json
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

from bot.store import AddError
from tests.webpages_benchmark import PAGES, kept_by_add

Expected = dict[str, dict[str, list[str]]]


def serve(expected: Expected, folder: Path) -> http.server.ThreadingHTTPServer:
    """An https server on a free loopback port that answers each page's address with it."""
    by_place = {}
    for name, page in expected.items():
        address = urlsplit(str(page["url"]))
        by_place[address.hostname, address.path] = PAGES / name

    class Pages(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            page = by_place.get((self.headers.get("Host", "").split(":")[0], self.path))
            body = page.read_bytes() if page else b""
            self.send_response(200 if page else 404)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
         "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def print_pages(expected: Expected, folder: Path, chromium: str, margins: bool) -> dict[str, Path]:
    """Each page with a web address printed at it, over https."""
    server = serve(expected, folder)
    printed = {}
    for name, page in expected.items():
        if not str(page["url"]).startswith(("http://", "https://")):
            continue  # three pages' data name no address ("hard::…")
        address = "https://" + str(page["url"]).split("://", 1)[1]
        pdf = folder / f"{Path(name).stem}.pdf"
        subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={folder / 'profile'}", "--ignore-certificate-errors",
             f"--host-resolver-rules=MAP * 127.0.0.1:{server.server_address[1]}",
             "--virtual-time-budget=3000", f"--print-to-pdf={pdf}",
             *([] if margins else ["--no-pdf-header-footer"]), address],
            capture_output=True, timeout=120,
        )  # fmt: skip
        if pdf.exists():
            printed[name] = pdf
    server.shutdown()
    return printed


def pdfminer_text(pdf: Path) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(pdf)


def measure(expected: Expected, paragraphs: dict[str, list[str]]) -> str:
    """Precision and recall of one way of reading the printed pages."""
    found = missed = furniture = 0
    for name, kept in paragraphs.items():
        kept = [" ".join(p.split()) for p in kept]
        said = [" ".join(s.split()) for s in expected[name]["with"]]
        found += sum(any(s in p for p in kept) for s in said)
        missed += sum(not any(s in p for p in kept) for s in said)
        furniture += sum(
            any(" ".join(s.split()) in p for p in kept) for s in expected[name]["without"]
        )
    precision, recall = found / (found + furniture), found / (found + missed)
    return (
        f"precision {precision:.3f}  recall {recall:.3f}  ({furniture} furniture snippets quoted)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-header-footer", action="store_true")
    args = parser.parse_args()
    chromium = next(filter(None, map(shutil.which, ["chromium", "chromium-browser"])), None)
    if not chromium or not shutil.which("openssl"):
        sys.exit("needs Chromium and openssl: apt install chromium openssl")
    expected = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as work:
        printed = print_pages(expected, Path(work), chromium, not args.no_header_footer)
        print(f"{len(printed)} of {len(expected)} pages printed by {Path(chromium).name}")
        ours, addressed = {}, 0
        for name, pdf in printed.items():
            with tempfile.TemporaryDirectory() as folder:
                try:
                    ours[name] = kept_by_add(pdf, "", Path(folder))
                except AddError as error:  # a print with no text: every snippet missed
                    print(f"  {error}")
                    ours[name] = []
                    continue
                addressed += "url: https://" in next(Path(folder).glob("*.md")).read_text()
        alone = {name: pdfminer_text(pdf).split("\n\n") for name, pdf in printed.items()}
        print(f"  add + passages (this project):  {measure(expected, ours)}")
        print(f"  pdfminer.six alone:             {measure(expected, alone)}")
        print(f"  {addressed}/{len(printed)} pages cited at the address printed on them")


if __name__ == "__main__":
    main()
