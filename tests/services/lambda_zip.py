"""A Lambda deployment package built in memory, for tests outside tests/services/lambda
(whose conftest cannot be imported: `lambda` is a keyword)."""

from __future__ import annotations

import io
import zipfile


def make_zip(files: dict[str, str | bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()
