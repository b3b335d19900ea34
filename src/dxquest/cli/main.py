"""The top-level ``dxquest`` group: every command by name, imported when it is used."""

from __future__ import annotations

import importlib

import click

COMMANDS = {
    "build-data": "dxquest.cli.author:build_data_command",
    "release": "dxquest.cli.author:release",
    "new-case": "dxquest.cli.author:new_case_command",
    "run": "dxquest.cli.reference:run",
    "validate": "dxquest.cli.reference:validate",
    "bench": "dxquest.cli.reference:bench",
    "lab": "dxquest.cli.learner:lab",
    "progress": "dxquest.cli.learner:progress",
    "grade": "dxquest.cli.grading:grade",
    "bench-grading": "dxquest.cli.grading:bench_grading_command",
    "bench-cohort": "dxquest.cli.grading:bench_cohort_command",
    "audit-sandbox": "dxquest.cli.grading:audit_sandbox",
    "audit-grades": "dxquest.cli.grading:audit_grades",
    "bench-similarity": "dxquest.cli.similarity:bench_similarity_command",
    "cohort": "dxquest.cli.cohort:cohort",
}
"""Command name → ``module:attribute`` of its click command."""


class _LazyGroup(click.Group):
    """A group whose commands are imported on first use (click's documented lazy-loading way)."""

    def __init__(self, *args, lazy: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.lazy:
            return super().get_command(ctx, cmd_name)
        module, attribute = self.lazy[cmd_name].split(":")
        return getattr(importlib.import_module(module), attribute)

    def invoke(self, ctx: click.Context):
        """A gradebook that cannot be opened ends any command with what to check, in both
        languages, not a traceback. (The course module is imported only once something failed:
        ``dxquest lab`` does not wait for it.)"""
        try:
            return super().invoke(ctx)
        except RuntimeError as error:
            from dxquest.course import GradebookUnreachable

            if isinstance(error, GradebookUnreachable):
                raise click.ClickException(str(error)) from None
            raise


@click.group(cls=_LazyGroup, lazy=COMMANDS)
def main() -> None:
    """dxquest: data-attached case studies with instructor-free grading."""
