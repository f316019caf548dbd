"""No English a person can read: every demo account signs in with its password and walks
the pages its menu and its home page link to (the administrator also the admin's index,
every list and one change form per model); no common English UI word may appear in the
visible text of any of them (text outside <script>/<style>, button values, placeholders,
titles)."""

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib import admin
from django.urls import reverse

ACCOUNTS = ["admin", "so", "phong", "hieutruong", "ctcd", "totruong", "giaovien", "khoitruong"]

# Checked case-sensitively as whole words ("to" is left out: Vietnamese "to" means loud,
# big, as in "đọc to, rõ").
ENGLISH = [
    "Add",
    "Change",
    "Delete",
    "Save",
    "Search",
    "Filter",
    "History",
    "Home",
    "Log out",
    "Logout",
    "Log in",
    "View site",
    "Documentation",
    "Recent actions",
    "Select",
    "Submit",
    "Cancel",
    "Edit",
    "Back",
    "Next",
    "Previous",
    "Show",
    "Hide",
    "Clear",
    "Today",
    "Yesterday",
    "Any date",
    "Unknown",
    "Password",
    "Username",
    "Welcome",
    "Block meeting",
    "Target value",
    "Target item",
    "Document counter",
    "None",
    "True",
    "False",
    "Yes",
    "by",
    "of",
    "the",
    "and",
    "or",
    "for",
    "with",
    "created",
    "updated",
    "deleted",
    "changed",
    "object",
    "objects",
    "selected",
    "entries",
    "Date",
    "Name",
    "Status",
    "Action",
    "Actions",
    "Type",
    "Value",
    "Version",
    "Score",
    "Actor",
    "Timestamp",
]
# Words of English origin a Vietnamese reader meets as they are.
ALLOWED = {"PDF", "Word", "Excel", "Email", "ID"}
PATTERN = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(w) for w in ENGLISH if w not in ALLOWED) + r")(?![\w-])"
)
SKIPPED_TAGS = {"script", "style", "textarea"}
SHOWN_ATTRIBUTES = {"placeholder", "title", "aria-label", "alt"}


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.links, self._skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in SKIPPED_TAGS:
            self._skip += 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for name in SHOWN_ATTRIBUTES:
            if attrs.get(name):
                self.parts.append(attrs[name])
        if tag == "input" and attrs.get("type") in {"submit", "button"} and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def read(html):
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split()), parser.links


def english_in(text):
    """Each English word found, with a little of the text around it, once."""
    found = {}
    for match in PATTERN.finditer(text):
        start = max(0, match.start() - 25)
        found.setdefault(f"{match.group(0)!r} in …{text[start : match.end() + 25]}…", None)
    return list(found)


def local(href):
    href = urldefrag(href)[0]
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(("/static/", "/media/", "/accounts/logout")):
        return None
    return href


def admin_pages(client):
    """The admin's index, each model's list and the change form of its first row."""
    urls = [reverse("admin:index")]
    for model, model_admin in sorted(admin.site._registry.items(), key=lambda i: i[0]._meta.label):
        opts = model._meta
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        request = client.get(urls[-1]).wsgi_request
        first = model_admin.get_queryset(request).order_by("pk").first()
        if first is not None:
            change = f"admin:{opts.app_label}_{opts.model_name}_change"
            urls.append(reverse(change, args=[first.pk]))
    return urls


@pytest.fixture
def demo(shared_demo, db):
    return shared_demo


@pytest.mark.parametrize("username", ACCOUNTS)
def test_no_english_on_the_pages_a_person_reaches(client, demo, username):
    response = client.post(reverse("login"), {"username": username, "password": "demo12345"})
    assert response.status_code == 302, f"{username} cannot sign in"
    home = client.get("/")
    assert home.status_code == 200
    text, links = read(home.content.decode())
    problems = {"/": english_in(text)}
    queue = list(dict.fromkeys(filter(None, map(local, links))))
    if username == "admin":
        queue += admin_pages(client)
    seen = {"/"}
    for url in queue:
        if url in seen:
            continue
        seen.add(url)
        page = client.get(url)
        if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
            continue
        problems[url] = english_in(read(page.content.decode())[0])
    first_seen = {}
    for url, found in problems.items():
        for phrase in found:
            first_seen.setdefault(phrase, url)
    report = "\n".join(f"{url}: {phrase}" for phrase, url in first_seen.items())
    assert not first_seen, f"{username} reads English:\n{report}"
    assert len(seen) > 5
