"""How well `add` reads a newsletter saved from the inbox (.eml, .msg), on the 40 saved pages.

    python -m tests.newsletter_benchmark

Needs Node.js and npm (it fetches Ghost 6.65.0's newsletter templates and the libraries Ghost
renders them with, pinned as Ghost pins them, into a temporary folder). Ghost is the open
newsletter platform; its template is the one its sites send. Each page of tests/data/webpages
is sent as Ghost sends a post: the article as trafilatura reads it from the page is the post,
with the page's title, author, date and address, the site's name in the header, feedback,
comment and share buttons, "Keep reading" with three other pages' titles, the subscription
details, a footer and the "Powered by Ghost" badge, CSS inlined by juice (which hides the
preview text) and the plain-text part Ghost makes. Each .eml is added with ``add FILE`` into
a fresh folder, once whole and once as its plain-text part alone. The same mails are saved
as Outlook saves them (.msg: a compound file of the message's properties, written with
SheetJS's cfb), received (with the headers it came with) and as a draft (properties only).

A ``with`` snippet of the page found in a quotable paragraph is a true positive; a line of
the template's own (its buttons, footer, the other posts' titles) quoted is a false one.
Title, author, date and address are checked against the post's.
"""

from __future__ import annotations

import email.policy
import email.utils
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

from bot.boilerplate import plain
from bot.frontmatter import split_front_matter
from bot.markup import link_labels
from bot.store import AddError
from tests.webpages_benchmark import PAGES, kept_by_add

GHOST = "ghost@6.65.0"
LIBRARIES = [
    "handlebars@4.7.9", "juice@11.1.1", "@tryghost/html-to-plaintext@1.0.12", "cfb@1.2.2",
]  # fmt: skip
SITE = "The Reading Room"
SENT = "2026-03-02T09:00:00+00:00"  # when every mail was sent
# What the template itself writes, as these posts fill it: never the article's words. Its
# labels count when a paragraph is one, its sentences and fields wherever they stand.
LABELS = [
    "View in browser", "More like this", "Less like this", "Comment", "Share", "Keep reading",
    "Subscription details", "Manage subscription", "Unsubscribe", "Powered by Ghost",
]  # fmt: skip
PHRASES = [
    "You are receiving this because", "Member since", "reader@example.com",
    "Our address: 12 Quay Street", "The Reading Room ©",
]  # fmt: skip
RENDER = r"""
const fs = require('fs'), path = require('path');
const handlebars = require('handlebars').create();
const juice = require('juice');
const plaintext = require('@tryghost/html-to-plaintext');
const [ghost, input, output] = process.argv.slice(2);
const services = path.join(ghost, 'core/server/services');
require(path.join(services, 'email-service/helpers/register-helpers.js'))
  .registerHelpers(handlebars, {isSet: () => false},
    (text, values) => text.replace(/\{(\w+)\}/g, (all, key) => (values || {})[key] ?? all));
const read = (...parts) => fs.readFileSync(path.join(services, ...parts), 'utf8');
for (const [name, file] of [['baseStyles', 'base-styles'], ['cardStyles', 'card-styles'],
    ['contentStyles', 'content-styles'], ['emailWrapper', 'email-wrapper']])
  handlebars.registerPartial(name, read('email-rendering/partials', file + '.hbs'));
for (const [name, file] of [['feedbackButton', 'feedback-button'], ['latestPosts', 'latest-posts'],
    ['paywall', 'paywall'], ['styles', 'styles']])
  handlebars.registerPartial(name, read('email-service/email-templates/partials', file + '.hbs'));
const template = handlebars.compile(read('email-service/email-templates/template.hbs'));
const mails = JSON.parse(fs.readFileSync(input, 'utf8')).map((post) => {
  const html = juice(template({
    emailTitle: post.title,
    site: {title: post.site, url: 'https://reading-room.example/', locale: 'en', direction: 'ltr'},
    preheader: plaintext.email(post.html).substring(0, 500),
    preheaderSpacing: '&#8199;&#847; '.repeat(150) + '&shy; '.repeat(200) + ' &nbsp;',
    html: post.html,
    post: {title: post.title, url: post.url, shareUrl: post.url + '#/share',
      commentUrl: post.url + '#ghost-comments', authors: post.author, publishedAt: post.date},
    newsletter: {name: 'Weekly', showPostTitleSection: true, showCommentCta: true,
      showSubscriptionDetails: true},
    hasHeaderContent: true, showHeaderTitle: true, showHeaderName: true, showBadge: true,
    latestPosts: post.latest, latestPostsHasImages: false,
    footerContent: '<p>Our address: 12 Quay Street, Harbourtown</p>',
    feedbackButtons: {likeHref: post.url + '#/feedback/1', dislikeHref: post.url + '#/feedback/0'},
    feedbackButtonCellWidth: 80, classes: {container: 'container', title: 'post-title',
      titleLink: 'post-title-link', meta: 'post-meta', body: 'post-content'},
    year: '2026',
  }), {inlinePseudoElements: true, removeStyleTags: true, resolveCSSVariables: false})
    .replaceAll('%%{status}%%', 'free').replaceAll('%%{status_text}%%', '')
    .replaceAll('%%{name}%%', 'Reader').replaceAll('%%{email}%%', 'reader@example.com')
    .replaceAll('%%{created_at}%%', '1 Mar 2025')
    .replace(/%%\{(\w+)\}%%/g, 'https://reading-room.example/$1');
  return {html, text: plaintext.email(html)};
});
fs.writeFileSync(output, JSON.stringify(mails));
"""
# Each message's streams ({name: base64}) written as a compound file, as Outlook saves one.
WRITE_MSG = r"""
const CFB = require('cfb'), fs = require('fs');
const [input, folder] = process.argv.slice(2);
JSON.parse(fs.readFileSync(input, 'utf8')).forEach((streams, i) => {
  const file = CFB.utils.cfb_new();
  for (const [name, data] of Object.entries(streams))
    CFB.utils.cfb_add(file, '/' + name, Buffer.from(data, 'base64'));
  CFB.utils.cfb_del(file, '/\u0001Sh33tJ5');
  fs.writeFileSync(`${folder}/${i}.msg`, CFB.write(file, {type: 'buffer'}));
});
"""


def labels_of(paragraphs: list[str]) -> set[str]:
    """What could be a label among quotable paragraphs: each line (a list's items are lines)
    folded, a link as its label, without the address a plain-text link puts after it ("Keep
    reading [https://…]")."""
    lines = (line for p in paragraphs for line in p.splitlines())
    return {plain(re.sub(r"\s*\[https?://[^\]]*\]$", "", link_labels(line))) for line in lines}


def install(work: Path) -> Path:
    """Ghost's package unpacked, and the libraries it renders newsletters with, in ``work``."""
    run = {"cwd": work, "check": True, "capture_output": True}
    subprocess.run(["npm", "install", "--no-audit", "--no-fund", *LIBRARIES], **run)
    packed = subprocess.run(["npm", "pack", GHOST], **run, text=True).stdout.split()[-1]
    with tarfile.open(work / packed) as archive:
        members = [m for m in archive.getmembers() if "/services/email-" in m.name]
        archive.extractall(work, members=members, filter="data")
    return work / "package"


def posts(expected: dict[str, dict[str, object]]) -> list[dict[str, object]]:
    """Each page's article as a Ghost post, with three other pages' titles to keep reading."""
    import trafilatura

    found = []
    for name, page in expected.items():
        html = (PAGES / name).read_bytes()
        document = trafilatura.bare_extraction(html, with_metadata=True)
        body = trafilatura.extract(html, output_format="html", include_comments=False) or ""
        url = str(page["url"]) if str(page["url"]).startswith("http") else ""
        found.append({
            "name": name, "title": document.title or name, "author": document.author or "",
            "date": document.date or "", "url": url or f"https://reading-room.example/{name}",
            "site": SITE, "html": body.removeprefix("<html><body>").removesuffix("</body></html>"),
        })  # fmt: skip
    for i, post in enumerate(found):
        others = [found[(i + k) % len(found)] for k in (1, 2, 3)]
        post["latest"] = [{"title": o["title"], "url": o["url"]} for o in others]
    return found


def as_mail(post: dict[str, object], html: str, text: str) -> bytes:
    """The message Ghost's mail service sends: both parts, from the site, to a reader."""
    message = EmailMessage(policy=email.policy.SMTP)
    message["From"] = f'"{post["author"] or SITE}" <noreply@reading-room.example>'
    message["To"] = "reader@example.com"
    message["Subject"] = str(post["title"])
    message["Date"] = email.utils.format_datetime(datetime.fromisoformat(SENT))
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    return message.as_bytes()


def as_outlook(post: dict[str, object], html: str, text: str, received: bool) -> dict[str, str]:
    """The streams of the .msg Outlook saves of the mail ([MS-OXMSG]): its properties (the
    subject, the sender, the bodies, the time it was sent) and, for a received one, the
    headers it came with. Strings are UTF-16; the HTML is bytes in its code page, UTF-8."""
    import base64
    import struct

    sender = str(post["author"] or SITE)
    strings = {0x001A: "IPM.Note", 0x0037: str(post["title"]), 0x0042: sender, 0x0C1A: sender,
               0x0065: "noreply@reading-room.example", 0x1000: text}  # fmt: skip
    if received:
        mime = email.message_from_bytes(as_mail(post, "", ""), policy=email.policy.SMTP)
        strings[0x007D] = "".join(f"{k}: {v}\r\n" for k, v in mime.items()) + "\r\n"
    streams = {
        f"__substg1.0_{pid:04X}001F": value.encode("utf-16-le") for pid, value in strings.items()
    }
    entries = [struct.pack("<IIII", pid << 16 | 0x001F, 6, len(v.encode("utf-16-le")) + 2, 0)
               for pid, v in strings.items()]  # fmt: skip
    if html:
        streams["__substg1.0_10130102"] = html.encode("utf-8")
        entries.append(struct.pack("<IIII", 0x1013 << 16 | 0x0102, 6, len(html.encode()), 0))
        entries.append(struct.pack("<IIQ", 0x3FDE << 16 | 0x0003, 6, 65001))  # its code page
    sent = (
        int(datetime.fromisoformat(SENT).timestamp()) + 11_644_473_600
    ) * 10_000_000  # FILETIME
    entries.append(struct.pack("<IIQ", 0x0039 << 16 | 0x0040, 6, sent))
    streams["__properties_version1.0"] = bytes(32) + b"".join(entries)
    return {name: base64.b64encode(data).decode() for name, data in streams.items()}


def measure(posts: list[dict[str, object]], mails: list[bytes], expected: dict) -> str:
    """Snippets found, template lines quoted and metadata right, over every mail."""
    found = missed = furniture = 0
    right = dict.fromkeys(("title", "author", "url", "date"), 0)
    for post, mail in zip(posts, mails, strict=True):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / ("post.msg" if mail.startswith(b"\xd0\xcf") else "post.eml")
            path.write_bytes(mail)
            try:
                quotable = kept_by_add(path, "", Path(folder))
            except AddError as error:
                print(f"  {post['name']}: {error}")
                quotable = []
            kept = [" ".join(p.split()) for p in quotable]
            fields = {}
            if stored := next(Path(folder).glob("*.md"), None):
                fields = split_front_matter(stored.read_text(encoding="utf-8"))[0]
        said = [" ".join(s.split()) for s in expected[post["name"]]["with"]]
        found += sum(any(s in p for p in kept) for s in said)
        missed += sum(not any(s in p for p in kept) for s in said)
        labels = [*LABELS, *(str(o["title"]) for o in post["latest"])]
        furniture += len({plain(label) for label in labels} & labels_of(quotable))
        furniture += sum(any(phrase in p for p in kept) for phrase in PHRASES)
        for key in ("title", "author", "url"):
            right[key] += fields.get(key, "") == post[key] or not post[key]
        right["date"] += fields.get("date") == SENT[:10]
    precision, recall = found / (found + furniture), found / (found + missed)
    metadata = ", ".join(f"{key} {n}/{len(posts)}" for key, n in right.items())
    return (
        f"precision {precision:.3f}  recall {recall:.3f}  ({furniture} template lines quoted; "
        f"right: {metadata})"
    )


def main() -> None:
    if not shutil.which("node") or not shutil.which("npm"):
        sys.exit("needs Node.js and npm")
    expected = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as work:
        ghost = install(Path(work))
        found = posts(expected)
        (Path(work) / "posts.json").write_text(json.dumps(found), encoding="utf-8")
        (Path(work) / "render.js").write_text(RENDER, encoding="utf-8")
        subprocess.run(
            ["node", "render.js", str(ghost), "posts.json", "mails.json"],
            cwd=work, check=True,
        )  # fmt: skip
        rendered = json.loads((Path(work) / "mails.json").read_text(encoding="utf-8"))
        pairs = list(zip(found, rendered, strict=True))
        outlook = {}
        for name, received, with_html in (("received", True, True), ("draft", False, True),
                                          ("plain", True, False)):  # fmt: skip
            streams = [as_outlook(p, m["html"] if with_html else "", m["text"], received)
                       for p, m in pairs]  # fmt: skip
            (Path(work) / "streams.json").write_text(json.dumps(streams), encoding="utf-8")
            (Path(work) / name).mkdir()
            (Path(work) / "write.js").write_text(WRITE_MSG, encoding="utf-8")
            subprocess.run(["node", "write.js", "streams.json", name], cwd=work, check=True)
            outlook[name] = [
                (Path(work) / name / f"{i}.msg").read_bytes() for i in range(len(pairs))
            ]
    whole = [as_mail(p, m["html"], m["text"]) for p, m in pairs]
    plain = [as_mail(p, "", m["text"]) for p, m in pairs]
    print(f"{len(found)} pages sent as Ghost's newsletter ({GHOST})")
    print(f"  HTML and plain text:  {measure(found, whole, expected)}")
    print(f"  plain text alone:     {measure(found, plain, expected)}")
    print(f"  .msg, received:       {measure(found, outlook['received'], expected)}")
    print(f"  .msg, a draft:        {measure(found, outlook['draft'], expected)}")
    print(f"  .msg, plain text:     {measure(found, outlook['plain'], expected)}")


if __name__ == "__main__":
    main()
