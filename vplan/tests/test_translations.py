"""Swedish is the interface language: every catalogue is complete and compiled."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

CATALOGUES = sorted(Path(__file__).resolve().parents[1].glob("*/locale/sv/LC_MESSAGES/django.po"))


def untranslated(po: Path) -> list[str]:
    missing = []
    for block in po.read_text(encoding="utf-8").split("\n\n")[1:]:
        if block.lstrip().startswith("#~"):
            continue
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if not msgid:
            continue
        text = "".join(re.findall(r'"(.*)"', msgid.group(1)))
        translations = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.M)
        empty = any(not "".join(re.findall(r'"(.*)"', t)) for t in translations)
        if "#, fuzzy" in block or empty:
            missing.append(text)
    return missing


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-5])
def test_every_message_has_a_swedish_translation(po):
    assert untranslated(po) == []


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-5])
def test_the_compiled_catalogue_is_up_to_date(po, tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(compiled), str(po)], check=True)
    assert compiled.read_bytes() == po.with_suffix(".mo").read_bytes(), (
        f"run `vplan compilemessages` in {po.parents[3]}"
    )
