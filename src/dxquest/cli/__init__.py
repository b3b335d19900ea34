"""The ``dxquest`` command: thin click wrappers, one module per part of the flow.

Each command parses its arguments and calls one library function; an option's default is read from
that function's signature (:func:`dxquest.cli.options.default_of`), so the command line and the API
cannot drift apart. :data:`dxquest.cli.main.COMMANDS` lists the top-level commands; each module is
imported when its command runs, so ``dxquest lab`` does not wait for the grader's imports.
"""

from dxquest.cli.main import main

__all__ = ["main"]
