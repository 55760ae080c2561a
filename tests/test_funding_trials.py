"""The clinical-trials source against a real HTTP server on 127.0.0.1 answering like ClinicalTrials.gov v2.

Paging, empty results, HTTP errors, timeouts, malformed JSON, offline, and the
cache with its fetch time. The real service is never contacted.
"""

from __future__ import annotations

import os
import stat

import pytest

from ctgov_server import TOKEN, CtGovServer, closed_port_url
from ketcover_tui.domain.funding import SourceUnavailable
from ketcover_tui.testing import run_source, sample_case

pytestmark = pytest.mark.clock  # outcomes depend on today's date (see conftest)

PLUGIN, SOURCE = "ketcover_funding_trials", "clinical-trials"


@pytest.fixture
def server(monkeypatch):
    with CtGovServer() as running:
        monkeypatch.setenv("KETCOVER_CLINICALTRIALS_URL", running.base_url)
        yield running


def search(tmp_path, inputs=None, **kwargs):
    return run_source(PLUGIN, SOURCE, {"page_size": "2", **(inputs or {})}, case=sample_case(),
                      cache_dir=tmp_path / "cache", **kwargs)


def test_the_default_base_url_is_the_real_service(monkeypatch):
    from ketcover_funding_trials import client

    monkeypatch.delenv("KETCOVER_CLINICALTRIALS_URL", raising=False)
    assert client.DEFAULT_BASE_URL == "https://clinicaltrials.gov/api/v2"
    assert client.studies_url({"a": "b"}) == "https://clinicaltrials.gov/api/v2/studies?a=b"


def test_search_asks_for_the_case_condition_and_recruiting_ketamine_studies(server, tmp_path):
    result = search(tmp_path)
    [query] = server.requests
    assert query["query.cond"] == ["depression"]  # F33.2 on the sample case
    assert query["query.intr"] == ["ketamine OR esketamine"]
    assert query["filter.overallStatus"] == ["RECRUITING,NOT_YET_RECRUITING"]
    assert query["query.locn"] == ["Massachusetts"]  # the case's state
    assert (query["pageSize"], query["countTotal"], query["format"]) == (["2"], ["true"], ["json"])
    assert "pageToken" not in query
    assert result.summary.startswith("3 studies found for ketamine or esketamine · depression")
    assert "showing 1–2 (page 1)" in result.summary


def test_rows_show_status_phase_nearest_sites_contacts_and_link(server, tmp_path):
    result = search(tmp_path)
    first, second = result.rows
    assert first.cells == ("NCT09000001", "Recruiting", "Phase 2")
    assert second.cells == ("NCT09000002", "Not yet recruiting", "Phase 2/3")
    assert first.detail[0].startswith("Intravenous Ketamine for Treatment-Resistant Depression")
    sites = first.detail[1]
    assert sites.startswith("Nearest sites: Harbor Hospital Depression Center — Boston, Massachusetts")
    assert sites.index("Houston") < sites.index("Toronto")  # then the US, then abroad
    assert "Study Coordinator, 617-555-0100, ketamine-trd@example.org" in first.detail[2]
    assert first.detail[-1] == "https://clinicaltrials.gov/study/NCT09000001"
    assert "Dr. Ana Ruiz, 614-555-0142" in " ".join(second.detail)  # no central contact: the site's
    assert [c.label for c in result.choices] == ["Clinical trial NCT09000001", "Clinical trial NCT09000002"]
    assert result.fetched_at and result.sources[0].as_of


def test_paging_uses_the_next_page_token(server, tmp_path):
    first = search(tmp_path)
    assert first.next_page == {"page_token": TOKEN, "page": "2"}
    second = search(tmp_path, dict(first.next_page))
    assert server.requests[-1]["pageToken"] == [TOKEN]
    assert server.requests[-1]["query.cond"] == server.requests[0]["query.cond"]  # same search repeated
    assert [r.cells[0] for r in second.rows] == ["NCT09000003"]
    assert second.rows[0].cells[2] == "N/A"
    assert "showing 3–3 (page 2)" in second.summary
    assert second.next_page is None


def test_choices_change_the_query(server, tmp_path):
    search(tmp_path, {"intervention": "esketamine", "recruitment": "any_open", "location": "",
                      "condition": "chronic pain"})
    query = server.requests[-1]
    assert query["query.intr"] == ["esketamine"] and query["query.cond"] == ["chronic pain"]
    assert query["filter.overallStatus"] == ["RECRUITING,NOT_YET_RECRUITING,ENROLLING_BY_INVITATION"]
    assert "query.locn" not in query


def test_empty_results_say_what_to_try(server, tmp_path):
    server.mode = "empty"
    result = search(tmp_path)
    assert result.rows == () and result.choices == () and result.next_page is None
    assert result.summary.startswith("No studies found for")
    assert "Try without a location" in result.notes[0]


@pytest.mark.parametrize("mode, message", [
    ("http500", "answered with an error (HTTP 500 Internal Server Error)"),
    ("http429", "limiting requests (HTTP 429 Too Many Requests; about 50 a minute"),
    ("http400", "rejected the search (HTTP 400 Bad Request: Invalid value for filter.overallStatus: BOGUS)"),
    ("malformed", "cannot read (not JSON"),
    ("shape", "cannot read (no list of studies)"),
])
def test_service_problems_are_explained(server, tmp_path, mode, message):
    server.mode = mode
    with pytest.raises(SourceUnavailable) as caught:
        search(tmp_path)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_timeout(server, tmp_path):
    server.mode, server.delay = "slow", 3
    with pytest.raises(SourceUnavailable, match=r"did not answer within 0.5 s"):
        search(tmp_path, timeout=0.5)


def test_offline_is_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setenv("KETCOVER_CLINICALTRIALS_URL", closed_port_url())
    with pytest.raises(SourceUnavailable) as caught:
        search(tmp_path)
    assert "Could not reach ClinicalTrials.gov" in str(caught.value)
    assert "You may be offline" in str(caught.value)


def test_a_bad_base_url_setting_is_explained(tmp_path, monkeypatch):
    monkeypatch.setenv("KETCOVER_CLINICALTRIALS_URL", "clinicaltrials.gov/api/v2")
    with pytest.raises(SourceUnavailable, match="must start with http:// or https://"):
        search(tmp_path)


@pytest.mark.permissions
def test_results_are_cached_with_their_fetch_time(server, tmp_path):
    first = search(tmp_path)
    again = search(tmp_path)
    assert len(server.requests) == 1  # served from the cache within the hour
    assert again.fetched_at == first.fetched_at and again.summary == first.summary
    files = list((tmp_path / "cache").iterdir())
    assert files and all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
    fresh = search(tmp_path, {"refresh": "yes"})
    assert len(server.requests) == 2 and fresh.fetched_at >= first.fetched_at


def test_when_the_service_fails_the_cached_page_is_shown_with_its_date(server, tmp_path):
    first = search(tmp_path)
    fetched = f"Showing the results fetched {first.fetched_at[:16].replace('T', ' ')} UTC"
    server.mode = "http500"
    failed = search(tmp_path, {"refresh": "yes"})
    assert "HTTP 500" in failed.warning and fetched in failed.warning
    server.httpd.shutdown()  # now nothing answers at that address: offline
    server.httpd.server_close()
    offline = search(tmp_path, {"refresh": "yes"})
    assert [r.cells[0] for r in offline.rows] == [r.cells[0] for r in first.rows]
    assert "You may be offline" in offline.warning and fetched in offline.warning


def test_a_damaged_cache_file_is_a_miss(server, tmp_path):
    search(tmp_path)
    for f in (tmp_path / "cache").iterdir():
        f.write_text("{broken")
    result = search(tmp_path)
    assert len(server.requests) == 2 and result.rows


def test_nothing_about_the_search_is_logged(server, tmp_path, caplog, capfd):
    search(tmp_path)
    assert caplog.records == []
    out, err = capfd.readouterr()
    assert "depression" not in out + err and "Massachusetts" not in out + err


def test_no_proxy_or_real_host_is_contacted(server, tmp_path):
    # The fixture's server is the only endpoint: its base URL is on 127.0.0.1.
    assert os.environ["KETCOVER_CLINICALTRIALS_URL"].startswith("http://127.0.0.1:")
    search(tmp_path)
    assert len(server.requests) == 1
