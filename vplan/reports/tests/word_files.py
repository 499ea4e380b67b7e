"""Word files for tests: an administration's own template."""

import io

from docx import Document


def word_template(header: str = "Testkommun – logotyp", body: str = "Mallens text") -> bytes:
    document = Document()
    document.sections[0].header.paragraphs[0].text = header
    document.add_paragraph(body)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
