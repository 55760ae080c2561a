"""A small client for the ClinicalTrials.gov API v2 (``GET /studies``), standard library only.

Every failure becomes a ``FetchError`` whose message says what happened and
what to do; nothing is logged (a search can hint at a patient's condition).
"""

from __future__ import annotations

import json
import os
import socket
import urllib.parse
from typing import Any

DEFAULT_BASE_URL = "https://clinicaltrials.gov/api/v2"
ENV_BASE_URL = "KETCOVER_CLINICALTRIALS_URL"  # e.g. a mirror, or a local test server
STUDY_PAGE = "https://clinicaltrials.gov/study/{}"
MAX_BYTES = 20_000_000
NAME = "ClinicalTrials.gov"


class FetchError(Exception):
    """The search could not be answered; the message is one sentence for the user."""


def base_url() -> str:
    url = (os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL).strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise FetchError(f"{ENV_BASE_URL} must start with http:// or https:// (it is {url!r})")
    return url


def studies_url(params: dict[str, str]) -> str:
    return f"{base_url()}/studies?{urllib.parse.urlencode(params)}"


def fetch_json(url: str, timeout: float) -> dict[str, Any]:
    """GET ``url`` and return the decoded search page, or raise FetchError."""
    # Imported here: urllib.request pulls in ssl, http and email (several MiB), and this
    # module is loaded with every plugin at start-up while most sessions never search.
    import http.client
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "ketcover"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise FetchError(_http_message(exc)) from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, (TimeoutError, socket.timeout)):
            raise FetchError(_timeout_message(timeout)) from None
        raise FetchError(f"Could not reach {NAME} ({_reason(exc.reason)}). You may be offline: check the "
                         "connection and try again.") from None
    except TimeoutError:
        raise FetchError(_timeout_message(timeout)) from None
    except (http.client.HTTPException, ConnectionError, OSError) as exc:
        raise FetchError(f"The connection to {NAME} broke off ({_reason(exc)}). Try again in a moment.") from None
    if len(raw) > MAX_BYTES:
        raise FetchError(f"{NAME} sent more data than expected; try a narrower search.")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FetchError(f"{NAME} sent a response ketcover cannot read (not JSON: {exc.__class__.__name__}). "
                         "Try again later; if it keeps happening the service may have changed.") from None
    problem = shape_problem(data)
    if problem:
        raise FetchError(f"{NAME} sent a response ketcover cannot read ({problem}). Try again later; if it "
                         "keeps happening the service may have changed.")
    return data


def shape_problem(data: object) -> str:
    """'' when ``data`` looks like a /studies page, else what is wrong with it."""
    if not isinstance(data, dict):
        return "expected a JSON object"
    studies = data.get("studies")
    if not isinstance(studies, list):
        return "no list of studies"
    for study in studies:
        if not isinstance(study, dict) or not isinstance(study.get("protocolSection"), dict):
            return "a study without a protocolSection"
        ident = study["protocolSection"].get("identificationModule")
        if not isinstance(ident, dict) or not isinstance(ident.get("nctId"), str):
            return "a study without an NCT id"
    if "nextPageToken" in data and not isinstance(data["nextPageToken"], str):
        return "a page token that is not text"
    if "totalCount" in data and not isinstance(data["totalCount"], int):
        return "a total count that is not a number"
    return ""


def _http_message(exc) -> str:
    """For a urllib.error.HTTPError."""
    status = f"HTTP {exc.code} {exc.reason}".strip()
    if exc.code == 429:
        return (f"{NAME} is limiting requests ({status}; about 50 a minute are allowed). Wait a minute and try "
                "again.")
    if 400 <= exc.code < 500:
        detail = ""
        try:
            detail = exc.read(300).decode("utf-8", "replace").strip().splitlines()[0][:160]
        except Exception:
            pass
        suffix = f": {detail}" if detail else ""
        return f"{NAME} rejected the search ({status}{suffix}). Check the condition and location fields."
    return f"{NAME} answered with an error ({status}). The service may be busy or down; try again later."


def _timeout_message(timeout: float) -> str:
    return f"{NAME} did not answer within {timeout:g} s. Try again later."


def _reason(reason: object) -> str:
    text = str(reason).strip()
    return text or reason.__class__.__name__
