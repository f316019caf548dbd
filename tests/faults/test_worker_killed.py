"""A certificate batch whose worker is killed (SIGKILL) is finished by another worker.

The attack: a worker killed mid-batch left the batch "running" forever; a new worker did
not take it up, and starting the certificates again returned the stuck batch for an
hour. Here real `manage.py db_worker` processes run against the test database: the
first is killed as soon as the batch shows progress, a second one is started, and the
batch ends done, with every page, within a few leases (the lease is 3 s here)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from pypdf import PdfReader

from awards.models import CertificateBatch, Nomination
from awards.services.certificates import start_certificates
from tests.factories import PersonFactory
from tests.factories.awards import make_decision, make_nomination, make_round

ROOT = Path(__file__).resolve().parents[2]
LEASE = 3
AWARDEES = 30

pytestmark = pytest.mark.shared_database


def database_url():
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(settings['NAME']).resolve()}"
    user = settings["USER"] or "postgres"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    host = settings["HOST"] or "127.0.0.1"
    port = settings["PORT"] or "5432"
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


def start_worker(media, log):
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_MEDIA_ROOT": str(media),
        "CERTIFICATE_CHUNK_SIZE": "3",
        "CERTIFICATE_LEASE_SECONDS": str(LEASE),
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
        + ["--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_for(condition, timeout, what, logs=()):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    told = "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in logs if p.exists())
    raise AssertionError(f"waited {timeout} s for {what}\n{told}")


def batch_state(batch):
    return CertificateBatch.objects.values("status", "done", "runs").get(pk=batch.pk)


@pytest.mark.django_db(transaction=True)
def test_a_killed_workers_batch_is_finished_by_another(
    catalogue, tree, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    settings.CERTIFICATE_LEASE_SECONDS = LEASE
    round_ = make_round(tree.office_a)
    nominations = [
        make_nomination(
            round_,
            PersonFactory(organization=tree.school_a1),
            status=Nomination.Status.ACCEPTED,
            holder=tree.office_a,
        )
        for _ in range(AWARDEES)
    ]
    decision = make_decision(tree.office_a, nominations)
    with django_capture_on_commit_callbacks(execute=True):
        batch = start_certificates(tree.users["office_a"], decision)

    logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]
    first = start_worker(tmp_path, logs[0].open("w"))
    try:
        wait_for(lambda: batch_state(batch)["done"] >= 3, 60, "the first chunk", logs)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    stuck = batch_state(batch)
    assert stuck["status"] == "running" and stuck["done"] < AWARDEES, stuck

    second = start_worker(tmp_path, logs[1].open("w"))
    try:
        wait_for(lambda: batch_state(batch)["status"] == "done", 120, "the batch to finish", logs)
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=20)
    batch.refresh_from_db()
    assert (batch.done, batch.total, batch.runs) == (AWARDEES, AWARDEES, 2)
    with batch.file.open("rb") as pdf:
        assert len(PdfReader(pdf).pages) == AWARDEES
