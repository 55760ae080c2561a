"""The ketcover plugin contract: every hook a plugin can implement.

A plugin is any importable object (usually a module) published under the
entry-point group ``ketcover``::

    [project.entry-points.ketcover]
    myplugin = "my_package"

and implementing one or more of the hooks below with ``@hookimpl``::

    from ketcover_tui.hookspecs import hookimpl

    @hookimpl
    def register_checklists(register):
        register(my_checklist)

Hooks receive a ``register`` callback rather than returning values, so one
plugin can contribute several things and the host can tell exactly which
plugin contributed what (and drop only a broken plugin's share).

Plugins contribute data and pure functions only. They must never import
Textual: the same plugin runs in the TUI, in the CLI and in tests. This module
itself imports only pluggy.

Every call of a plugin's code (importing it, each hook, ``from_case``,
``run``, ``build``, ``render``) runs off the app's UI thread with a time
limit; a call past its limit is given up on and recorded as a failure of the
plugin. ``ketcover plugins --check`` exercises every hook of every plugin in a
fresh Python; ``ketcover_tui.testing`` has a helper per hook. The guide, with a
complete example per hook, is docs/plugins.md.
"""

from __future__ import annotations

import pluggy

PROJECT_NAME = "ketcover"

# The version of this contract (the hooks, and the objects they take and give).
# The minor number grows when something is added (a hook, an optional field);
# the major number when something a plugin relies on changes. A plugin may
# declare the version it was written for, ``KETCOVER_PLUGIN_API = "1.0"`` in
# its module: ketcover then refuses it, with a message saying why, when the
# major numbers differ or the plugin needs a newer minor.
PLUGIN_API = "1.0"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


@hookspec
def register_checklists(register):
    """Contribute checklists: call ``register(checklist)`` once per checklist.

    ``checklist`` must be a ``ketcover_tui.domain.checklists.Checklist``. Its
    ``plan_types`` and ``stages`` (``None`` = all) decide on which cases it is
    shown; each ``ChecklistItem`` should carry short ``help`` text, a
    ``source`` naming where the fact comes from, and an ``as_of`` date
    (YYYY-MM-DD) saying when that source was read, because codes, rates and
    rules change over time.

    Rules the host enforces (breaking one marks the plugin as failed and drops
    all checklists it contributed in this call; other plugins are unaffected):

    - the object passed to ``register`` is a ``Checklist`` whose items are
      ``ChecklistItem`` objects with ids unique within the checklist;
    - the checklist ``id`` is unique across all plugins (a tick on a case is
      saved under ``"<checklist id>/<item id>"``, so ids must stay stable
      between releases of your plugin too);
    - the hook does not raise.

    You do not need to set ``Checklist.plugin``: the host fills it in with
    your entry-point name. The hook is called once per plugin host (normally
    once per process), when checklists are first needed; do not do slow work
    (network, disk) in it.
    """


@hookspec
def register_funding_sources(register):
    """Contribute funding sources: call ``register(source)`` once per source.

    ``source`` must be a ``ketcover_tui.domain.funding.FundingSource``: an
    ``id`` (lower-case letters, digits, dashes; stable, because saved plan
    entries and ``ketcover fund ID`` name it), a ``title``, a ``category``
    (``Category.FINANCING`` / ``CROWDFUNDING`` / ``CLINICAL_TRIALS`` /
    ``STATE_PROGRAMS`` / ``OTHER``), typed ``fields`` (``InputField``; a
    field's ``from_case`` draws its default from the case) and
    ``run(values, context) -> FundingResult``.

    ``run`` receives the validated values (``Decimal`` for money and
    percentages, ``int``, ``bool``, ``str``, ``list[Decimal]``) and a
    ``FundingContext`` (``.case`` may be None, ``.cache`` a small private
    key -> JSON store, ``.timeout`` for network calls). It returns a
    ``FundingResult``: a summary, optional table (``columns`` + ``rows``),
    ``notes``, ``links``, ``sources`` (each a ``SourceRef`` with an ``as_of``
    date and a confidence: never show a rate, fee or phone number without
    them), and ``choices`` the user can save to the case's funding plan.
    Raise ``InvalidInputs({field: message})`` for input the user must fix, and
    ``SourceUnavailable(message)`` when a service cannot be reached; any other
    exception is treated as a bug in your plugin.

    Rules the host enforces (breaking one marks the plugin as failed and drops
    all sources it contributed; other plugins are unaffected): the object is a
    valid ``FundingSource``; its id is unique across plugins; the hook does not
    raise. A ``run`` that raises or returns something other than a
    ``FundingResult``, or that takes longer than ``context.timeout`` seconds in
    all, is recorded as a run failure of the plugin; the app and the CLI
    report it and keep working. You do not need to set
    ``FundingSource.plugin``. Do no slow work in this hook; do it in ``run``,
    and set ``uses_network=True`` if ``run`` goes online (it then gets a
    ``context.cache``, the app says "Searching…", and ``plugins --check`` does
    not run it).
    """


@hookspec
def register_call_scripts(register):
    """Contribute guided call scripts: call ``register(script)`` once per script.

    ``script`` must be a ``ketcover_tui.domain.call_scripts.CallScript``: an
    ``id`` (stable), a ``title``, and ``ScriptQuestion`` items (``id``,
    ``text``, ``help``, ``source``, ``as_of``). Question text may use
    ``{diagnoses}``, ``{diagnosis_codes}``, ``{insurer}``, ``{clinic}``, ``{npi}``, ``{member_id}``
    and ``{plan_type}``, filled from the case. A question whose ``fact`` names
    a plan fact (a key of ``ketcover_tui.domain.benefits.FACTS``, such as
    ``"prior_auth_required"`` or ``"ded_in_ind_met"``) updates the case's plan
    from its answer when the call is saved, marked "confirmed on call <ref>".
    ``insurers`` (case-insensitive name parts) and ``plan_types`` limit which
    cases a script is offered on (``None`` = all); insurer-specific scripts
    are offered first.

    Rules the host enforces (breaking one marks the plugin as failed and drops
    all scripts it contributed): the object is a ``CallScript`` with unique
    question ids and known fact keys; its id is unique across plugins; the
    hook does not raise. Facts in question text and help need a ``source``
    and an ``as_of`` date.
    """


@hookspec
def register_exporters(register):
    """Contribute export formats: call ``register(exporter)`` once per format.

    ``exporter`` must be a ``ketcover_tui.documents.Exporter``: an ``id``
    (lower-case, what users type after ``--format``), a ``label``, a file
    ``extension`` and ``render(document) -> bytes``, where ``document`` is a
    neutral ``ketcover_tui.documents.Document`` (headings, paragraphs,
    key-value blocks, tables and records). ``render`` must only return bytes:
    ketcover writes the file itself (atomically, never over an existing one,
    private permissions). Import heavy libraries inside ``render``, not at
    module level, so start-up stays fast. The format is offered in the export
    dialogs of the call log, the journal and letters, and by ``--format``.

    Rules the host enforces: the object is an ``Exporter``; its id is unique
    across plugins (the first plugin to register an id keeps it; a second one
    is marked failed); the hook does not raise. A ``render`` that raises,
    returns something other than bytes or takes longer than two minutes is
    reported to the user and recorded against your plugin; nothing is written.
    """


@hookspec
def register_letter_templates(register):
    """Contribute letter templates: call ``register(template)`` once per letter.

    ``template`` must be a ``ketcover_tui.documents.letters.LetterTemplate``: an ``id``
    (lower-case with dashes, what users type after ``ketcover export letter
    CASE``), a ``title``, a ``description``, ``needs`` ("denial", "prior_auth"
    or "") and ``build(context) -> Draft``. ``context`` holds the case, the
    denial or PA record the letter is about (or None) and today's date; the
    helpers in ``ketcover_tui.documents.letter_facts`` give the case's facts
    and ``ketcover_tui.domain.appeal_position`` where it stands. A ``Draft``
    may instead be ``refused`` (with why) when no such letter applies. Write
    ``[missing: what]`` for a fact the case lacks (never leave a blank) and
    ``[check this: why]`` where a rule is uncertain. ``build`` must not write
    files or import Textual. The draft's text is light markup: ``# `` title,
    ``## `` section, ``> `` quoted line, ``- `` list item, other lines join
    into paragraphs that a blank line ends (see ``letter_document``).

    Rules the host enforces: the object is a ``LetterTemplate``; its id is
    unique across plugins; the hook does not raise. A ``build`` that raises,
    returns something other than a ``Draft`` or takes longer than 20 seconds
    is reported to the user and recorded against your plugin.
    """
