"""Tests a plugin author would write, using the helpers ketcover ships (ketcover_tui.testing).

Run them with the plugin installed (pip install -e .) or on the path:
    python -m pytest tests
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from ketcover_tui.domain.funding import Category, InvalidInputs
from ketcover_tui.testing import check_plugin, run_source, sample_case


def test_registers_one_funding_source():
    report = check_plugin("ketcover_example_hsa", "hsa")
    assert report.hooks == ["register_funding_sources"]
    [source] = report.funding_sources
    assert (source.id, source.category, source.plugin) == ("hsa-fsa", Category.OTHER, "hsa")


def test_saving_at_a_22_percent_rate():
    result = run_source("ketcover_example_hsa", "hsa-fsa", {"amount": "4200", "tax_rate": "22"})
    assert "saves about $924.00" in result.summary
    assert "costs you about $3,276.00" in result.summary
    [choice] = result.choices
    assert choice.amount == Decimal("4200.00") and choice.source == "hsa-fsa"
    assert result.sources[0].confidence == "UNVERIFIED"


def test_amount_defaults_to_the_case_estimate():
    result = run_source("ketcover_example_hsa", "hsa-fsa", {"tax_rate": "10"}, case=sample_case())
    assert "Paying $4,200.00" in result.summary  # 6 × $700.00 in the sample case


def test_bad_input_names_the_field():
    with pytest.raises(InvalidInputs) as caught:
        run_source("ketcover_example_hsa", "hsa-fsa", {"amount": "lots", "tax_rate": "100"})
    assert set(caught.value.errors) == {"amount"}  # checked before run(): run never saw bad text
    with pytest.raises(InvalidInputs) as caught:
        run_source("ketcover_example_hsa", "hsa-fsa", {"amount": "100", "tax_rate": "100"})
    assert set(caught.value.errors) == {"tax_rate"}
