"""A limit on one upload request's size, enforced while the body is read: Django's
DATA_UPLOAD_MAX_MEMORY_SIZE leaves files out, and gunicorn has no body limit. Over the
limit, the rest of the body is read and dropped (nothing more reaches the disk) and the
view refuses the upload at the field (`refused`)."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest

# Room for the multipart framing and the form's other fields around the files.
FRAMING = 64 * 1024


class UploadSizeLimit(FileUploadHandler):
    """First in `request.upload_handlers`: counts the file bytes as they arrive."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.size = 0  # the request's size, known or counted; over the limit: refused

    @property
    def refused(self) -> bool:
        return self.size > self.limit

    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, str],
        content_length: int,
        boundary: str,
        encoding: str | None = None,
    ) -> None:
        if content_length > self.limit + FRAMING:  # said up front: refused before any file
            self.size = content_length

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        if self.refused:
            raise StopUpload(connection_reset=False)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.size = max(self.size, self.received)
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
