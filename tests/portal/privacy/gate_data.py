"""Files and builders shared by the privacy gate's tests: real CSV text, real pipeline runs, real services."""

from __future__ import annotations

from typing import Any

from tests.portal.pipeline.helpers import add_file, upload
from trousse.portal.catalog.models import Dataset, Resource
from trousse.portal.core.models import User
from trousse.portal.privacy import services
from trousse.portal.privacy.questionnaire import QUESTIONS

__all__ = ["CLEAN_CSV", "COMPLAINTS_CSV", "add_file", "answer_all", "upload"]

# Service requests with complainants' e-mails and phone numbers (the 311 case of issue #5).
COMPLAINTS_CSV = (
    "id,ward,courriel,telephone,description\n"
    "1,3,jean.tremblay@gmail.com,613-555-0142,Bruit la nuit\n"
    "2,3,marie.roy@hotmail.com,(819) 555-0199,Nid de poule\n"
    "3,4,paul.singh@yahoo.ca,613.555.0110,Arbre tombé\n"
    "4,4,anne.cote@gmail.com,613 555 0123,Déchets\n"
    "5,5,luc.gagnon@videotron.ca,819-555-0177,Lampadaire brisé\n"
    "6,5,sara.lee@gmail.com,613-555-0188,Graffiti\n"
)
CLEAN_CSV = "id,ward,kind\n1,3,pothole\n2,3,noise\n3,4,graffiti\n4,4,pothole\n5,5,noise\n6,5,graffiti\n"
RAW_VALUES = ("jean.tremblay@gmail.com", "marie.roy", "613-555-0142", "(819) 555-0199", "555-0177")


def answer_all(actor: User, dataset: Dataset, answer: str = "no") -> None:
    """Answer every question of ``dataset``'s questionnaire through the service."""
    services.save_questionnaire(actor, dataset, {q.code: {"answer": answer, "note": ""} for q in QUESTIONS})


def add(capture: Any, actor: User, dataset: Dataset, name: str, content: str) -> Resource:
    """Add a file resource and run the real pipeline over it."""
    return add_file(capture, actor, dataset, name, content)
