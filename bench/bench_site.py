"""A Trousse site with one published 311 table, made once per bench and reused: shared by the Datasette benches.

``load_table(home, env)`` runs ``trousse init`` the first time, migrates an existing site (a site made
by an older checkout lacks newer tables), then loads the file named by ``BENCH_FILE`` through the
catalogue's services and the real pipeline, takes it through the privacy gate as staff would (the
questionnaire answered, the synthetic data's findings approved with a justification) and publishes it.
Returns the resource id.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

LOAD = """
import os
import django
django.setup()
from django.core.files import File
from django.test.utils import override_settings
# Process the upload in this process, at once (the site's worker is not running).
override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}).enable()
from trousse.portal.catalog import services
from trousse.portal.catalog.models import Dataset, Organization
from trousse.portal.core.models import User
from trousse.portal.privacy import queries as privacy_queries
from trousse.portal.privacy import services as privacy
from trousse.portal.privacy.questionnaire import QUESTIONS
admin = User.objects.filter(username="bench").first() or User.objects.create_user(
    "bench", is_superuser=True, is_staff=True)
dataset = Dataset.objects.filter(slug="requests-311").first()
if dataset is None:
    org = Organization.objects.filter(slug="city").first() or services.create_organization(
        admin, "city", {"name_en": "City", "name_fr": "Ville"})
    dataset = services.create_dataset(admin, org, "requests-311", {
        "title_en": "311 requests", "description_en": "Service requests.", "licence": "ogl-canada-2.0",
        "access_level": "public"})
    with open(os.environ["BENCH_FILE"], "rb") as fh:
        services.add_resource(admin, dataset, {"name_en": "Requests"}, upload=File(fh, name=os.path.basename(fh.name)))
    privacy.save_questionnaire(admin, dataset, {q.code: {"answer": "no", "note": ""} for q in QUESTIONS})
    if any(b.code == "privacy-review" for b in privacy_queries.dataset_privacy(dataset).blockers):
        privacy.decide(admin, dataset, "approved", "Benchmark data: synthetic 311 requests made by bench/datasets311.py.")
    services.publish_dataset(admin, dataset, acknowledge=True)
print(dataset.resources.first().pk)
"""


def load_table(home: Path, env: dict[str, str]) -> int:
    """Make (once) the site at ``home`` with the table published; return its resource id."""
    trousse = str(ROOT / ".venv" / "bin" / "trousse")
    if not (home / "trousse.toml").exists():
        subprocess.run([trousse, "init", str(home)], env=env, check=True, capture_output=True)
    else:
        subprocess.run([trousse, "manage", "migrate", "--no-input"], env=env, check=True, capture_output=True)
    made = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-c", LOAD], env=env, capture_output=True,
                          text=True)
    if made.returncode != 0:
        raise SystemExit(f"could not load the table into the site:\n{made.stderr[-3000:]}")
    return int(made.stdout.strip().splitlines()[-1])
