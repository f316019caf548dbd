"""Ready for production: `check --deploy` is clean with the production environment, the
development secret key is refused, security headers and the Content-Security-Policy are
on pages, no product page carries inline script, logins are throttled (django-axes) and
CSRF is enforced."""

import datetime
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from config import worker_memory
from schools.demo import ACCOUNTS
from tests.factories import UserFactory

BASE_DIR = Path(settings.BASE_DIR)
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "k5Qz-9vN2rT8wL4xB7mC1pH6sJ3dF0gY5uE8aR2tW9qZ4nV7bX1cK6hM3jP0oS",
    "DJANGO_ALLOWED_HOSTS": "thidua.example.vn",
    "SITE_URL": "https://thidua.example.vn",
}


def run_python(args, extra_env):
    """Run `python <args>` in the project with the environment plus `extra_env`, minus
    any DJANGO_* setting of the machine running the tests."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


SHOW_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({k: getattr(s, k) for k in ["
    "'DEBUG', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT', "
    "'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD', "
    "'SECURE_PROXY_SSL_HEADER', 'X_FRAME_OPTIONS', 'SECURE_CONTENT_TYPE_NOSNIFF', "
    "'ALLOWED_HOSTS']}))"
)


def settings_with(env):
    result = run_python(["-c", SHOW_SETTINGS], {"DJANGO_SETTINGS_MODULE": "config.settings", **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# --- production settings -----------------------------------------------------------------


def test_check_deploy_is_clean_with_the_production_environment():
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "DEBUG"], PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize("site_url", ["http://127.0.0.1:8000", "http://thidua.example.vn"])
def test_check_deploy_warns_of_a_site_url_certificates_cannot_use(site_url):
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        {**PRODUCTION, "SITE_URL": site_url},
    )
    assert result.returncode != 0
    assert "thidua.W001" in result.stdout + result.stderr


@pytest.mark.parametrize(
    "secret", [None, "", "dev-only-insecure-key-change-me"], ids=["missing", "empty", "default"]
)
def test_production_refuses_the_development_secret_key(secret):
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SECRET_KEY"}
    if secret is not None:
        env["DJANGO_SECRET_KEY"] = secret
    result = run_python(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_DEBUG=false needs DJANGO_SECRET_KEY" in result.stderr


def test_production_defaults_are_secure_and_the_load_test_switches_work():
    secure = settings_with(PRODUCTION)
    assert secure == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "X_FRAME_OPTIONS": "DENY",
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "ALLOWED_HOSTS": ["thidua.example.vn"],
    }
    spaced = settings_with({**PRODUCTION, "DJANGO_ALLOWED_HOSTS": "thidua.example.vn, sgd.vn ,"})
    assert spaced["ALLOWED_HOSTS"] == ["thidua.example.vn", "sgd.vn"]
    plain_http = settings_with(
        {**PRODUCTION, "DJANGO_SECURE_COOKIES": "false", "DJANGO_SECURE_SSL_REDIRECT": "false"}
    )
    assert (
        plain_http["SESSION_COOKIE_SECURE"],
        plain_http["CSRF_COOKIE_SECURE"],
        plain_http["SECURE_SSL_REDIRECT"],
    ) == (False, False, False)
    development = settings_with({})
    assert (
        development["DEBUG"],
        development["SESSION_COOKIE_SECURE"],
        development["SECURE_SSL_REDIRECT"],
        development["SECURE_HSTS_SECONDS"],
    ) == (True, False, False, 0)


def test_the_load_benchmarks_floor_view_is_off_in_production_unless_asked():
    show = (
        "import django; django.setup(); from django.urls import resolve, Resolver404\n"
        "try:\n    resolve('/bench/floor/'); print('on')\n"
        "except Resolver404:\n    print('off')"
    )
    env = {"DJANGO_SETTINGS_MODULE": "config.settings"}
    answers = [
        run_python(["-c", show], {**env, **extra}).stdout.strip()
        for extra in ({}, PRODUCTION, {**PRODUCTION, "DJANGO_BENCH_FLOOR": "true"})
    ]
    assert answers == ["on", "off", "on"]


def test_gunicorn_loads_the_app_in_the_master_with_production_settings():
    """config/gunicorn.conf.py is valid and preloads the app (workers fork from a master
    that has imported Django), which `--check-config` does with the production
    environment; worker recycling is spread so that workers do not restart together;
    the master's objects are frozen before each fork."""
    result = run_python(
        ["-m", "gunicorn", "--check-config", "-c", "config/gunicorn.conf.py", "config.wsgi"],
        {**PRODUCTION, "DJANGO_SETTINGS_MODULE": "config.settings"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    show = (
        "import gc, runpy; c = runpy.run_path('config/gunicorn.conf.py'); "
        "before = gc.get_freeze_count(); c['pre_fork'](None, None); "
        "print(c['preload_app'], c['max_requests'], c['max_requests_jitter'], "
        "before, gc.get_freeze_count(), gc.get_threshold()[0])"
    )
    preload, limit, jitter, before, frozen, young = run_python(["-c", show], {}).stdout.split()
    assert preload == "True" and int(jitter) >= int(limit) // 4
    # what the master loaded is set aside from the workers' garbage collections, which
    # come after 20,000 new objects, not Python's 700
    assert int(before) == 0 and int(frozen) > 1000
    assert int(young) == worker_memory.YOUNG > 700


def test_the_master_loads_urls_and_templates_before_it_forks():
    """Every URL indexed (the views imported) and every template compiled in the master:
    a worker, and each worker started again after max_requests, finds them loaded
    instead of loading them on its first requests."""
    show = (
        "import django, runpy; django.setup(); "
        "from django.urls import get_resolver; from django.template import engines; "
        "loader = engines['django'].engine.template_loaders[0]; "
        "before = (get_resolver()._populated, len(loader.get_template_cache)); "
        "c = runpy.run_path('config/gunicorn.conf.py'); c['pre_fork'](None, None); "
        "print(*before, get_resolver()._populated, 'base.html' in loader.get_template_cache, "
        "'registrations/home/my_forms.html' in loader.get_template_cache)"
    )
    result = run_python(["-c", show], {**PRODUCTION, "DJANGO_SETTINGS_MODULE": "config.settings"})
    assert result.stdout.split() == ["False", "0", "True", "True", "True"], result.stderr


def test_a_template_that_does_not_compile_never_stops_the_server(tmp_path, caplog):
    from django.template import engines

    (tmp_path / "broken.html").write_text("{% load no_such_library %}")
    engine = engines["django"]
    engine.engine.dirs.append(str(tmp_path))
    try:
        worker_memory._compile(engine, "broken.html")
    finally:
        engine.engine.dirs.remove(str(tmp_path))
    assert "broken.html not loaded before forking" in caplog.text


def test_smtp_server_and_login_come_from_the_environment():
    show = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, "
        "s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, s.EMAIL_USE_SSL, s.DEFAULT_FROM_EMAIL]))"
    )
    smtp = {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        **PRODUCTION,
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "DJANGO_EMAIL_HOST": "smtp.sgd.example.vn",
        "DJANGO_EMAIL_PORT": "587",
        "DJANGO_EMAIL_HOST_USER": "thidua",
        "DJANGO_EMAIL_HOST_PASSWORD": "s3cret",
        "DJANGO_EMAIL_USE_TLS": "true",
        "DJANGO_DEFAULT_FROM_EMAIL": "thidua@sgd.example.vn",
    }
    result = run_python(["-c", show], smtp)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.sgd.example.vn",
        587,
        "thidua",
        "s3cret",
        True,
        False,
        "thidua@sgd.example.vn",
    ]


# --- headers ------------------------------------------------------------------------------


def csp_directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_pages_carry_the_content_security_policy_and_security_headers(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert csp_directives(response) == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_a_page_with_a_policy_of_its_own_keeps_it(client, tree):
    """The settings' policy is built once per process; the editor's embedded preview
    replaces frame-ancestors for its own response, and only there."""
    from emulation.models import Plan
    from tests.factories.emulation import make_plan

    plan = make_plan(tree.school_a1, Plan.Status.PUBLISHED)
    client.force_login(tree.users["principal_a1"])
    url = reverse("plan_detail", kwargs={"pk": plan.pk})
    assert csp_directives(client.get(url, {"embed": "1"}))["frame-ancestors"] == ["'self'"]
    assert csp_directives(client.get(url))["frame-ancestors"] == ["'none'"]


def test_a_changed_policy_setting_is_used(client, db, settings):
    client.get(reverse("login"))  # the settings' policy, built
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"img-src": ["'self'"]}}
    response = client.get(reverse("login"))
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert "img-src 'self'" in response["Content-Security-Policy-Report-Only"]


def test_downloads_have_no_policy_but_keep_frame_and_sniffing_headers(client, db):
    """Chromium's PDF viewer is an <embed> that object-src 'none' would block; the policy
    is for HTML only (config/security.HtmlCSPMiddleware)."""
    client.force_login(UserFactory())
    response = client.get(reverse("staff_import_template"))
    assert response.status_code == 200
    assert not response["Content-Type"].startswith("text/html")
    assert "Content-Security-Policy" not in response
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


# --- no inline script ---------------------------------------------------------------------


class InlineScriptFinder(HTMLParser):
    """Collects what a script-src 'self' policy blocks: <script> without src (other than
    data blocks such as application/json), on...= handlers and javascript: URLs."""

    DATA_TYPES = {"application/json", "application/ld+json", "text/template"}

    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        kind = (attrs.get("type") or "").lower()
        if tag == "script" and not attrs.get("src") and kind not in self.DATA_TYPES:
            self.problems.append(f"inline <script> at line {self.getpos()[0]}")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> at line {self.getpos()[0]}")
            if name in {"href", "src", "action", "formaction"} and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=javascript:...> at line {self.getpos()[0]}")


def inline_script(html):
    finder = InlineScriptFinder()
    finder.feed(html)
    return finder.problems


def test_the_finder_sees_inline_script():
    assert (
        inline_script(
            '<script src="/static/a.js"></script><script type="application/json">{}</script>'
        )
        == []
    )
    assert len(inline_script("<script>alert(1)</script>")) == 1
    assert len(inline_script("<form onsubmit=\"return confirm('x')\"></form>")) == 1
    assert len(inline_script('<a href="javascript:void(0)">x</a>')) == 1


def test_no_template_holds_inline_script():
    """The product's pages, and the official documents too (previews in the browser,
    WeasyPrint runs no script anyway)."""
    templates = sorted((BASE_DIR / "templates").rglob("*.html"))
    offenders = []
    for path in templates:
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script\b[^>]*>", text):
            if "src=" not in match.group(0) and "application/json" not in match.group(0):
                offenders.append(f"{path}: {match.group(0)}")
        for match in re.finditer(r"\son[a-z]+\s*=", text):
            offenders.append(f"{path}: {match.group(0).strip()}")
    assert templates and offenders == []


SKIPPED_PREFIXES = ("/accounts/logout/", "/admin/", "/static/", "/media/", "/bench/")
DOWNLOAD = re.compile(
    r"(/(pdf|docx|signed|scan|ics|download|status)/?$|/evidence/\d+/$|\.[a-z0-9]+$)"
)


def url_pattern(path):
    return re.sub(r"/\d+(?=/|$)", "/N", path)


def crawl(client, start="/", limit=45):
    """GET the pages reachable from `start` by same-site links, one URL per pattern
    (numbers replaced), skipping downloads; yield (url, html) of the HTML pages."""
    queue, seen = [start], set()
    while queue and len(seen) < limit:
        url = queue.pop(0)
        path = urlsplit(url).path
        pattern = url_pattern(path)
        if pattern in seen or path.startswith(SKIPPED_PREFIXES) or DOWNLOAD.search(path):
            continue
        seen.add(pattern)
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        yield url, html
        for href in re.findall(r'href="(/[^"#]*)"', html):
            queue.append(href.replace("&amp;", "&"))


@pytest.fixture
def demo(demo_in_test):
    return demo_in_test


def test_rendered_pages_of_every_demo_role_hold_no_inline_script(client, demo):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.in_bulk(list(ACCOUNTS), field_name="username")
    visited = set()
    problems = {}
    for username in ACCOUNTS:
        client.force_login(users[username])
        for url, html in crawl(client):
            visited.add(url_pattern(urlsplit(url).path))
            found = inline_script(html)
            if found:
                problems[f"{username} {url}"] = found
            assert "js/confirm.js" in html or '<body class="document' in html, url
    assert problems == {}
    # The crawl reached the pages the issue names: home, plans, registration forms and
    # the awards pages, including those asking for a confirmation.
    for page in [
        "/",
        "/plans/",
        "/registrations/campaigns/N/m1/",
        "/awards/",
        "/awards/nominations/N/",
        "/awards/proposals/N/",
        "/awards/votes/N/",
    ]:
        assert page in visited, "\n".join(sorted(visited))


# --- login throttling ---------------------------------------------------------------------


def attempt(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_five_wrong_passwords_lock_the_user_out_from_that_address_for_15_minutes(db):
    user = UserFactory(username="giaovien_a")
    client = Client()
    for _ in range(4):
        response = attempt(client, "giaovien_a", "sai-mat-khau")
        assert response.status_code == 200
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    fifth = attempt(client, "giaovien_a", "sai-mat-khau")
    assert fifth.status_code == 429
    page = fifth.content.decode()
    assert "Tài khoản tạm bị khoá" in page
    assert "Mật khẩu đã bị nhập sai 5 lần." in page
    assert "tạm bị khoá trong 15 phút" in page

    # Locked out: even the right password is refused, with the same page.
    right = attempt(client, "giaovien_a", "matkhau-123")
    assert right.status_code == 429 and "Tài khoản tạm bị khoá" in right.content.decode()
    assert "_auth_user_id" not in client.session

    # Another user from that address, and the same user from another address, log in.
    UserFactory(username="giaovien_b")
    assert attempt(Client(), "giaovien_b", "matkhau-123").status_code == 302
    assert attempt(Client(), "giaovien_a", "matkhau-123", address="10.0.0.2").status_code == 302

    # Still locked 14 minutes later, and that attempt starts the 15 minutes again: locked
    # at 20 minutes too; in again once 15 minutes pass without an attempt.
    start = timezone.now()
    for minutes in (14, 20):
        with time_machine.travel(start + datetime.timedelta(minutes=minutes)):
            assert attempt(Client(), "giaovien_a", "matkhau-123").status_code == 429
    with time_machine.travel(start + datetime.timedelta(minutes=36)):
        client = Client()
        response = attempt(client, "giaovien_a", "matkhau-123")
        assert response.status_code == 302 and response["Location"] == reverse("home")
        assert client.session["_auth_user_id"] == str(user.pk)


def test_the_client_address_behind_trusted_proxies(rf, settings):
    from config.security import client_ip

    request = rf.get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.1.1.1"  # no proxy trusted: the header is ignored
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"  # what the load balancer saw, not the spoof
    settings.TRUSTED_PROXY_COUNT = 3
    assert client_ip(request) == "10.1.1.1"  # fewer addresses than proxies: not trusted


# --- CSRF and passwords -------------------------------------------------------------------


def test_csrf_is_enforced_on_form_posts(db):
    UserFactory(username="hieutruong_c")
    client = Client(enforce_csrf_checks=True)
    refused = client.post(reverse("login"), {"username": "hieutruong_c", "password": "matkhau-123"})
    assert refused.status_code == 403

    page = client.get(reverse("login"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    accepted = client.post(
        reverse("login"),
        {"username": "hieutruong_c", "password": "matkhau-123", "csrfmiddlewaretoken": token},
    )
    assert accepted.status_code == 302

    # Logged in, a form post without the token is still refused.
    change = client.post(
        reverse("password_change"),
        {"old_password": "matkhau-123", "new_password1": "x", "new_password2": "x"},
    )
    assert change.status_code == 403


def test_password_rules_are_the_four_standard_ones_in_vietnamese(client, db):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    assert [v["NAME"].rsplit(".", 1)[1] for v in settings.AUTH_PASSWORD_VALIDATORS] == [
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    ]
    user = UserFactory(username="nguyenvanan")
    with pytest.raises(ValidationError) as short:
        validate_password("7391", user)
    assert short.value.messages == [
        "Mật khẩu này quá ngắn. Mật khẩu phải có ít nhất 8 ký tự.",
        "Mật khẩu này hoàn toàn là số.",
    ]
    with pytest.raises(ValidationError) as similar:
        validate_password("nguyenvanan", user)
    assert similar.value.messages == ["Mật khẩu quá giống với Tên đăng nhập."]
    with pytest.raises(ValidationError) as common:
        validate_password("password123", user)
    assert common.value.messages == ["Mật khẩu này quá phổ biến."]
