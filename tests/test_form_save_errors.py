"""The case edit form keeps the typed edits when the case was deleted elsewhere or its lock is held."""

from __future__ import annotations


from ketcover_tui.domain.case import Case, Patient
from ketcover_tui.plugin_host import PluginHost
from ketcover_tui.store import CaseStore
from ketcover_tui.store import case_store as case_store_module
from ketcover_tui.tui.app import KetcoverApp
from ketcover_tui.tui.screens.case_form import CaseFormScreen


def app_for(store) -> KetcoverApp:
    return KetcoverApp(store, plugin_host=PluginHost(env={"KETCOVER_LOAD_PLUGINS": ""}).load())


async def test_edit_of_a_case_deleted_elsewhere_keeps_the_edits(data_dir):
    store = CaseStore(data_dir)
    case = store.create(Case(patient=Patient("Gone Elsewhere")))
    async with app_for(store).run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        form = pilot.app.screen
        form.query_one("#insurer").value = "Typed Insurer"
        CaseStore(data_dir).delete(case.id)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is form and isinstance(form, CaseFormScreen)
        assert form.query_one("#insurer").value == "Typed Insurer"
        assert "no longer exists" in str(form.query_one("#form-status").render())


async def test_edit_while_another_session_holds_the_lock_keeps_the_edits_and_retries(data_dir, monkeypatch):
    monkeypatch.setattr(case_store_module, "LOCK_TIMEOUT_S", 0.2)
    store = CaseStore(data_dir)
    case = store.create(Case(patient=Patient("Locked Case")))
    other = CaseStore(data_dir)._lock(case.id)
    async with app_for(store).run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        form = pilot.app.screen
        form.query_one("#insurer").value = "Typed Insurer"
        other.acquire()
        try:
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert pilot.app.screen is form
            assert "another ketcover session" in str(form.query_one("#form-status").render())
        finally:
            other.release()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is not form
    assert CaseStore(data_dir).load(case.id).plan.insurer == "Typed Insurer"
