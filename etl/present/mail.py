"""The weekly briefing as an e-mail (`sorot mail briefing`, `sorot watch --mail-to`): the
briefing page inline as HTML, the PDF attached, a plain-text part for clients that show no
HTML. Building only; etl.deliver.smtp sends.

    multipart/mixed
      multipart/alternative
        text/plain                      the page's words, read off its HTML
        multipart/related
          text/html                     the briefing page, its charts as <img src="cid:…">
          image/png …                   one inline part per chart
      application/pdf                   the same page as the PDF (when Chromium is there)

Mail clients show no `data:` images (Gmail drops them) and Gmail and Outlook show no SVG,
so every chart the page embeds, as a data: URI or as inline <svg>, becomes a PNG part
referenced by its Content-ID: no external resource, nothing fetched when the mail opens.
The page itself comes from etl.present.briefing unchanged, whatever its layout.
"""
from __future__ import annotations

import base64
import binascii
import re
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import unquote_to_bytes

from bs4 import BeautifulSoup, NavigableString, Tag

from etl.errors import SorotError
from etl.metrics import Period
from etl.present import briefing, export
from etl.present.strings import t

# PNG pixels per CSS pixel of a chart: sharp on a phone's screen, a few hundred kB a chart.
IMAGE_SCALE = 2.0
MAIL_DOMAIN = "sorot.local"
_DATA_URI = re.compile(r"data:(?P<mime>[\w.+-]+/[\w.+-]+)(?P<params>(?:;[^,;]*)*?)(?P<b64>;base64)?,(?P<data>.*)",
                       re.DOTALL | re.IGNORECASE)


def briefing_mail(con, period: Period, lang: str, *, sender: str, to: list[str],
                  with_pdf: bool = True, outlets=()) -> tuple[EmailMessage, str]:
    """The briefing of `period` as a mail, and '' or the sentence saying why the PDF is not
    attached (no Chromium on this machine: the mail goes without it, the page is inline)."""
    # The mail carries the page with its appendix (the charts, as inline images: a reader
    # scrolls); the PDF stays the one A4 page meant for printing.
    page = briefing.briefing_html(con, period, lang, appendix=True, outlets=outlets)
    pdf, missing = None, ""
    if with_pdf:
        try:
            pdf = briefing.briefing_pdf(briefing.briefing_html(con, period, lang, outlets=outlets))
        except SorotError as problem:
            missing = str(problem)
    message = briefing_message(page, subject=briefing_subject(period, lang), sender=sender, to=to, pdf=pdf,
                               pdf_name=f"{export.file_stem('briefing', period)}.pdf")
    return message, missing


def briefing_subject(period: Period, lang: str) -> str:
    return f"{t('briefing_title', lang)} · {export.period_text(period, lang)}"


def briefing_message(page: str, *, subject: str, sender: str, to: list[str], pdf: bytes | None = None,
                     pdf_name: str = "briefing.pdf") -> EmailMessage:
    """An HTML page as a mail of the shape above."""
    html, images = inline_images(page)
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=MAIL_DOMAIN)
    message.set_content(plain_text(page))
    message.add_alternative(html, subtype="html")
    html_part = message.get_payload()[1]
    for number, (cid, image, subtype) in enumerate(images, start=1):
        html_part.add_related(image, "image", subtype, cid=f"<{cid}>", disposition="inline",
                              filename=f"chart-{number}.{'jpg' if subtype == 'jpeg' else subtype}")
    if pdf is not None:
        message.add_attachment(pdf, maintype="application", subtype="pdf", filename=pdf_name)
    return message


def inline_images(page: str) -> tuple[str, list[tuple[str, bytes, str]]]:
    """The page with every data: image and inline <svg> replaced by <img src="cid:…">, and
    the (Content-ID, image, image subtype) of each: SVG becomes PNG, PNG/JPEG/GIF stay. An image the mail cannot carry (not a picture) is dropped,
    its alt text kept."""
    soup = BeautifulSoup(page, "html.parser")
    images: list[tuple[str, bytes, str]] = []

    def as_cid(png: bytes, width: float | None, alt: str) -> Tag:
        cid = make_msgid(domain=MAIL_DOMAIN)[1:-1]
        images.append((cid, png, "png"))
        img = soup.new_tag("img", src=f"cid:{cid}", alt=alt)
        if width:
            # Outlook ignores CSS max-width: the width attribute keeps a 2x PNG at its size.
            img["width"] = str(round(width))
        return img

    for img in soup.find_all("img"):
        source = img.get("src", "")
        if not source.lower().startswith("data:"):
            continue
        found = _data_uri(source)
        alt = img.get("alt", "")
        if found is None:
            img.replace_with(alt)
            continue
        mime, data = found
        if mime == "image/svg+xml":
            svg = data.decode("utf-8", errors="replace")
            img.replace_with(as_cid(svg_png(svg), svg_width(svg), alt))
        elif mime in ("image/png", "image/jpeg", "image/gif"):
            cid = make_msgid(domain=MAIL_DOMAIN)[1:-1]
            images.append((cid, data, mime.split("/")[1]))
            img["src"] = f"cid:{cid}"
        else:
            img.replace_with(alt)
    for svg in soup.find_all("svg"):
        if svg.find_parent("svg") is not None:
            continue
        text = str(svg)
        if "xmlns=" not in text:
            text = text.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
        title = svg.find("title")
        svg.replace_with(as_cid(svg_png(text), svg_width(text), title.get_text(" ", strip=True) if title else ""))
    return str(soup), images


def _data_uri(source: str) -> tuple[str, bytes] | None:
    match = _DATA_URI.fullmatch(source.strip())
    if match is None:
        return None
    try:
        data = (base64.b64decode(match["data"], validate=False) if match["b64"]
                else unquote_to_bytes(match["data"]))
    except (binascii.Error, ValueError):
        return None
    return match["mime"].lower(), data


def svg_png(svg: str) -> bytes:
    import vl_convert as vlc

    return vlc.svg_to_png(svg, scale=IMAGE_SCALE)


def svg_width(svg: str) -> float | None:
    """The chart's width in CSS pixels, from its root element."""
    root = BeautifulSoup(svg, "html.parser").find("svg")
    width = root.get("width", "") if root else ""
    match = re.match(r"\s*([\d.]+)\s*(px)?\s*$", str(width))
    return float(match[1]) if match else None


# --------------------------------------------------------------------------- plain text

# Blocks set off by a blank line; the other block elements only begin a new line.
_PARAGRAPHS = {"p", "section", "header", "footer", "main", "figure", "table", "ul", "ol", "h1", "h2", "h3"}
_LINES = {"div", "li", "tr", "br", "thead", "tbody", "tfoot"}


def plain_text(page: str) -> str:
    """The page's words for a mail client that shows no HTML: headings underlined, a table
    a row a line (cells between " | "), a link's address after its text, a chart as its
    title in brackets."""
    soup = BeautifulSoup(page, "html.parser")
    for hidden in soup.find_all(["style", "script", "head", "title"]):
        hidden.decompose()
    lines = [""]   # the last item is the line being written
    _walk(soup.body or soup, lines)
    text = "\n".join(line.rstrip() for line in lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _walk(node: Tag, lines: list[str]) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            _write(lines, " ".join(str(child).split()))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name in _PARAGRAPHS:
            _blank_line(lines)
        elif name in _LINES:
            _new_line(lines)
        if name in ("h1", "h2", "h3"):
            heading = _inline(child)
            _write(lines, heading)
            _new_line(lines)
            _write(lines, ("=" if name == "h1" else "-") * len(heading))
        elif name == "tr":
            _write(lines, " | ".join(_inline(cell) for cell in child.find_all(["th", "td"], recursive=False)))
        elif name == "img":
            if child.get("alt"):
                _new_line(lines)
                _write(lines, f"[{child['alt']}]")
        elif name in _PARAGRAPHS or name in _LINES:
            _walk(child, lines)
        else:
            _write(lines, _inline(child))
        if name in _PARAGRAPHS:
            _blank_line(lines)
        elif name in _LINES:
            _new_line(lines)


def _write(lines: list[str], words: str) -> None:
    """Words of running text continue the line being written."""
    if words:
        lines[-1] = f"{lines[-1]} {words}" if lines[-1] else words


def _new_line(lines: list[str]) -> None:
    if lines[-1]:
        lines.append("")


def _blank_line(lines: list[str]) -> None:
    _new_line(lines)
    if len(lines) > 1 and lines[-2]:
        lines.append("")


def _inline(node: Tag) -> str:
    parts = []
    for piece in node.descendants:
        if isinstance(piece, NavigableString):
            parts.append(str(piece))
        elif isinstance(piece, Tag) and piece.name == "img" and piece.get("alt"):
            parts.append(f"[{piece['alt']}]")
    text = " ".join("".join(parts).split())
    links = [a.get("href", "") for a in ([node] if node.name == "a" else node.find_all("a"))]
    web = [href for href in links if href.lower().startswith(("https://", "http://"))]
    return text + "".join(f" <{href}>" for href in web)
