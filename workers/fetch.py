"""A streamed HTTP GET into a folder, hashing as it goes (the coroutine job of the foundation).

The full download engine (naming, resume, journal, retries) grows from here; this piece already
streams to ``NAME.part``, verifies the length, and renames atomically.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import aiohttp

from .jobs import Job, UserError

CHUNK = 1 << 16


def default_timeout() -> aiohttp.ClientTimeout:
    # total alone can hang once a request is sent (aiohttp #11740): always bound connect and reads
    return aiohttp.ClientTimeout(total=None, sock_connect=15, sock_read=30)


async def fetch_to_folder(job: Job, session: aiohttp.ClientSession, url: str, folder: str | os.PathLike,
                          name: str) -> dict:
    """Download ``url`` to ``folder/name``; the job's result is ``{path, bytes, sha256}``."""
    if not url.lower().startswith(("http://", "https://")):
        raise UserError(f"Only http and https URLs can be downloaded: {url}")
    target = Path(folder) / name
    part = target.with_name(target.name + ".part")
    digest = hashlib.sha256()
    done = 0
    async with session.get(url, timeout=default_timeout()) as response:
        if response.status != 200:
            raise UserError(f"The server answered {response.status} {response.reason} for {url}")
        total = response.content_length
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
        try:
            with os.fdopen(fd, "wb") as fh:
                async for chunk in response.content.iter_chunked(CHUNK):
                    job.check()
                    fh.write(chunk)
                    digest.update(chunk)
                    done += len(chunk)
                    job.report(done / total if total else None, f"{done:,} bytes")
            if total is not None and done != total:
                raise UserError(f"The server sent {done:,} of {total:,} bytes for {url}")
            os.replace(part, target)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
    return {"path": str(target), "bytes": done, "sha256": digest.hexdigest()}
