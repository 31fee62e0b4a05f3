"""The command line: one module per command (arguments, one call into the packages below, printing).

Each module has ``HELP``, an optional ``DESCRIPTION``, ``add_arguments(parser)`` and
``main(args) -> exit code``; ``run.py`` maps the command names to them. Nothing imports ``cli``.
"""
