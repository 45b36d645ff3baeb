"""Run Microsoft Presidio's analyzer over the corpus cells; the other half of privacy_vs_presidio.py.

Runs in the benchmark's own virtualenv (bench/setup installs presidio-analyzer there), never in the
project's. Presidio is configured as issue 5 says: NoOpNlpEngine (no spaCy model can be downloaded
here), its predefined pattern recognizers, phone regions CA and US, and TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS
empty so that its URL and email recognizers use the bundled suffix list instead of the network.
Usage: privacy_presidio_runner.py CORPUS.json OUT.json
"""

from __future__ import annotations

import json
import os
import sys
import time

os.environ["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] = ""


def main() -> None:
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NoOpNlpEngine
    from presidio_analyzer.predefined_recognizers import PhoneRecognizer

    corpus_path, out_path = sys.argv[1], sys.argv[2]
    with open(corpus_path, encoding="utf-8") as handle:
        texts = [cell["text"] for cell in json.load(handle)]
    nlp = NoOpNlpEngine(models=[{"lang_code": "en", "model_name": "none"}])
    nlp.load()
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=nlp)
    registry.remove_recognizer("PhoneRecognizer")
    registry.add_recognizer(PhoneRecognizer(supported_regions=("CA", "US")))
    analyzer = AnalyzerEngine(registry=registry, nlp_engine=nlp, supported_languages=["en"])
    analyzer.analyze("warm up 613-555-0199", language="en")
    wall, cpu = time.perf_counter(), time.process_time()
    # French cells too: the recognizers are patterns, and the analyzer has no French NLP to offer.
    predicted = [sorted({r.entity_type for r in analyzer.analyze(text, language="en")}) for text in texts]
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    import presidio_analyzer

    version = getattr(presidio_analyzer, "__version__", None)
    if version is None:
        from importlib.metadata import version as dist_version

        version = dist_version("presidio-analyzer")
    with open(out_path, "w", encoding="utf-8") as handle:
        json.dump({"predicted": predicted, "wall": wall, "cpu": cpu, "version": version,
                   "recognizers": sorted(r.name for r in registry.recognizers)}, handle)


if __name__ == "__main__":
    main()
