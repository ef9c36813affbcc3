"""``kaartviewer`` command line: thin verbs over load/registry/network, Dutch output,
``--json`` for scripting.

Modules: :mod:`.commands` (the table of commands, the parser, ``main``), :mod:`.laag`
(``--laag``, ``--peildatum``, ``--gemeente-indeling``: which registry, loading it, saying
which), :mod:`.data` (validate, build-data), :mod:`.queries` (gemeente, stats),
:mod:`.samenwerking` (samenwerking), :mod:`.wijzigingen` (wijzigingen), :mod:`.analysis`
(indelingen, congruentie, overlap, spaghetti, regios), :mod:`.common` (exit codes, output),
:mod:`.fmt` (numbers for people and JSON), :mod:`.tekst` (text cells of the registry),
:mod:`.nl_argparse` (argparse in Dutch).
"""

from kaartviewer.cli.commands import COMMANDS, Command, build_parser, main

__all__ = ["COMMANDS", "Command", "build_parser", "main"]
