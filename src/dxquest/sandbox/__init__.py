"""Untrusted learner code: where it runs and what it may touch.

Grading executes code written by learners with no instructor watching. The threat model (README,
"Grading") in short: a submission may try to raise its own score, read what it must not (hidden
tests, reference answers, the cohort secret, other learners' work, the gradebook), reach the
network, or take the grader down. Three layers answer it:

* :mod:`~dxquest.sandbox.vetting` reads the submitted code before anything runs and refuses the
  notebooks that reach into the interpreter, the grader or the checkers (monkey-patching,
  IPython hooks, frame inspection, dynamic code);
* :mod:`~dxquest.sandbox.launch` starts every graded kernel inside bubblewrap: no network, a private
  home, only the Python runtime, the kernel's view of the kit (:mod:`~dxquest.sandbox.kernel_view`:
  the questions and data readers, no reference, oracle, generator or marking), the case's public
  data and the cohort's hidden inputs mounted read-only, an unprivileged user, and CPU, wall-clock,
  memory, process and file-size limits;
* :mod:`~dxquest.sandbox.execute` is nbgrader's executor for those kernels: it caps output, takes
  the outputs hidden test cells hand over and has the grader mark them outside the kernel
  (:mod:`dxquest.marking`), and turns a dead kernel into a zero for that notebook with a message
  instead of a failed batch.

nbgrader itself, the gradebook, the cohort secret and the scoring stay outside: the score is
computed from what the kernel returned.
"""

from dxquest.sandbox.policy import IsolationLevel, Limits, isolation_level

__all__ = ["IsolationLevel", "Limits", "isolation_level"]
