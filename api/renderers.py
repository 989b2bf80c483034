"""CSV for every list endpoint (``?format=csv``), written by ``peerwork.lib.exports`` so that
formula-like text is neutralised as in every other file peerwork offers."""

from __future__ import annotations

import json

from rest_framework.renderers import BaseRenderer

from peerwork.lib.exports import csv_text


def _flat(value):
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if isinstance(data, dict) and "results" in data:
            rows = data["results"]
        elif isinstance(data, list):
            rows = data
        else:
            rows = [data] if data else []
        header: list[str] = []
        for row in rows:
            for key in row:
                if key not in header:
                    header.append(key)
        return csv_text(header, [[_flat(row.get(key)) for key in header] for row in rows]).encode()
