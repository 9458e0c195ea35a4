"""Flask's test client, closing the request bodies it spools to disk."""

from __future__ import annotations

import io

from flask.testing import FlaskClient


class ClosingClient(FlaskClient):
    """werkzeug's EnvironBuilder spools a multipart body over 500 KB to a temporary file and
    closes it only in ``response.close()``, and only after following redirects; otherwise the
    file is left to the garbage collector (a ResourceWarning, an error under
    filterwarnings=error). Here it is closed once the app has answered."""

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        body = response.request.input_stream
        if not isinstance(body, io.BytesIO):  # a spooled file (a small body stays in memory)
            response.make_sequence()  # the app has run to the end of its answer
            body.close()
        return response
