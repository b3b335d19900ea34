# nbgrader settings for every dxquest course (one course root per learner language).
# dxquest.course loads this file and adds the course root and gradebook URL itself, so this file
# holds only what is the same everywhere. Operators may edit it; keep the reasons beside each line.
c = get_config()  # noqa: F821 (provided by traitlets when the file is loaded)

# Learner code that never finishes must not stall grading: each cell gets this many seconds.
c.Execute.timeout = 180
# A short traceback: the learner sees the failed check's message, not the test's source line.
c.Execute.extra_arguments = ["--InteractiveShell.xmode=Minimal"]
# One interrupted cell should not hide the results of the cells after it.
c.Execute.interrupt_on_timeout = True
# A notebook that has run needs its kernel no more: stop it at once (SIGKILL to the launcher, whose
# sandbox goes with it) instead of waiting about 0.3 s per notebook for a polite shutdown.
c.Execute.shutdown_kernel = "immediate"

# The stubs a learner sees in place of the reference solution are set by dxquest.course in the
# course's language (CODE_STUB, TEXT_STUB).

# Feedback must not reveal the hidden tests (they grade future cohorts too).
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "nbgrader.preprocessors.ClearHiddenTests",
]

# Validate's kernels get their own CurveZMQ keys (the kernel spec supports them): the local ports
# are encrypted, and ipykernel stops warning at every start that they are not.
c.KernelManager.transport_encryption = "auto"
